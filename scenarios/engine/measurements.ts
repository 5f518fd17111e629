import { EventEmitter } from "node:events";
import { performance } from "node:perf_hooks";
import { FanOut } from "./fan-out.js";
import { type Histogram, newHistogram, pointSummary, recordMicros } from "./histogram.js";

/** Every message a scenario sends or expects ends in exactly one of these. */
export const OUTCOMES = ["delivered", "lost", "errored", "timedOut"] as const;
export type Outcome = (typeof OUTCOMES)[number];
export type Failure = Exclude<Outcome, "delivered">;

export type OutcomeCounts = Record<Outcome, number>;

/** One second of one metric, for "latency over time" and live progress. */
export interface TimelinePoint {
  /** Seconds since the run started, at the end of the interval. */
  readonly t: number;
  readonly metric: string;
  readonly delivered: number;
  readonly failed: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** The state of one measured stream (acks of one event, one push event, connects). */
export class MetricState {
  readonly total: Histogram = newHistogram();
  /** Values since the last tick; reset each tick, so per-second percentiles come from real samples. */
  readonly interval: Histogram = newHistogram();
  readonly outcomes: OutcomeCounts = { delivered: 0, lost: 0, errored: 0, timedOut: 0 };
  readonly errors: Record<string, number> = {};
  reordered = 0;
  intervalDelivered = 0;
  intervalFailed = 0;
}

export interface MeasurementEvents {
  delivered: [metric: string, micros: number | undefined];
  failed: [metric: string, outcome: Failure, code: string];
  users: [active: number];
  tick: [points: TimelinePoint[]];
}

/**
 * What a run measured so far. The core records, renderers (progress, Prometheus, reports) listen to the events:
 * autocannon's split between `run.js` and `progressTracker.js`.
 */
export class Measurements extends EventEmitter<MeasurementEvents> {
  readonly startedAt = performance.now();
  readonly startedAtIso = new Date().toISOString();
  readonly metrics = new Map<string, MetricState>();
  readonly timeline: TimelinePoint[] = [];
  activeUsers = 0;
  peakUsers = 0;
  /** Receivers' samples joined per message (`subscribe` with `fanOut`): first and last receiver. */
  readonly fanOut = new FanOut(this);

  metric(name: string): MetricState {
    let state = this.metrics.get(name);
    if (state === undefined) {
      state = new MetricState();
      this.metrics.set(name, state);
    }
    return state;
  }

  /** A message arrived; `micros` is its latency when the scenario can measure one. */
  delivered(metric: string, micros?: number): void {
    const state = this.metric(metric);
    state.outcomes.delivered += 1;
    state.intervalDelivered += 1;
    if (micros !== undefined) {
      recordMicros(state.total, micros);
      recordMicros(state.interval, micros);
    }
    this.emit("delivered", metric, micros);
  }

  failed(metric: string, outcome: Failure, code: string, count = 1): void {
    const state = this.metric(metric);
    state.outcomes[outcome] += count;
    state.intervalFailed += count;
    state.errors[code] = (state.errors[code] ?? 0) + count;
    for (let i = 0; i < count; i++) this.emit("failed", metric, outcome, code);
  }

  /** A message arrived after later ones and was counted lost at the gap: it moves from lost to delivered. */
  reordered(metric: string, micros?: number): void {
    const state = this.metric(metric);
    state.reordered += 1;
    if (state.outcomes.lost > 0) {
      state.outcomes.lost -= 1;
      state.intervalFailed = Math.max(0, state.intervalFailed - 1);
      state.errors.sequence_gap = (state.errors.sequence_gap ?? 1) - 1;
    }
    this.delivered(metric, micros);
  }

  userStarted(): void {
    this.activeUsers += 1;
    this.peakUsers = Math.max(this.peakUsers, this.activeUsers);
    this.emit("users", this.activeUsers);
  }

  userEnded(): void {
    this.activeUsers -= 1;
    this.emit("users", this.activeUsers);
  }

  elapsedSeconds(): number {
    return (performance.now() - this.startedAt) / 1000;
  }

  /** Closes the current interval: one timeline point per metric that saw traffic. */
  tick(): TimelinePoint[] {
    const t = Math.round(this.elapsedSeconds() * 1000) / 1000;
    const points: TimelinePoint[] = [];
    for (const [metric, state] of this.metrics) {
      if (state.intervalDelivered === 0 && state.intervalFailed === 0) continue;
      points.push({
        t,
        metric,
        delivered: state.intervalDelivered,
        failed: state.intervalFailed,
        ...pointSummary(state.interval),
      });
      state.interval.reset();
      state.intervalDelivered = 0;
      state.intervalFailed = 0;
    }
    this.timeline.push(...points);
    this.emit("tick", points);
    return points;
  }
}
