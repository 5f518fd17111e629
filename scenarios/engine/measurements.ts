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
  /** The second's failures by cause, under the metric's bounded cause names (`MAX_CAUSES`); absent with none. */
  readonly causes?: Readonly<Record<string, number>>;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

/**
 * What a metric counts, for the run's rates: `message` is a reply to an open loop's message or a push a user
 * received (the delivery rate counts these, as the send rate counts the loops' messages); `reply` a one-off step's
 * reply or awaited event (a `register`, an `authenticate`: part of no rate); `sent` emits without a reply;
 * `replay` pushes the server sent from before the user connected; `connection` connects and drops; `derived`
 * figures joined from other metrics (fan-out); `other` pushes on a fan-out stream that are not the sender's
 * messages (another client's command, a server's beacon): counted apart, in no rate.
 */
export type MetricKind = "message" | "reply" | "sent" | "replay" | "connection" | "derived" | "other";

/**
 * Delivered pushes the scenario could not read what it measures from: no send time (`latency`, so no latency
 * sample) or no sequence number (`sequence`, so neither loss nor order). A foreign server's free-text log line.
 */
export interface Unmeasured {
  latency: number;
  sequence: number;
}

/**
 * Distinct failure causes kept per metric: a server that puts an id in every error message must not grow the
 * report or the Prometheus label set without bound. Later new causes are counted as `other`.
 */
export const MAX_CAUSES = 20;
export const OTHER_CAUSE = "other";

/** Users whose flow ended early at one metric's failed step, and the steps they did not run. */
export interface Skipped {
  users: number;
  steps: number;
}

/** The state of one measured stream (acks of one event, one push event, connects). */
export class MetricState {
  constructor(readonly kind: MetricKind) {}
  readonly total: Histogram = newHistogram();
  /** Values since the last tick; reset each tick, so per-second percentiles come from real samples. */
  readonly interval: Histogram = newHistogram();
  readonly outcomes: OutcomeCounts = { delivered: 0, lost: 0, errored: 0, timedOut: 0 };
  readonly errors: Record<string, number> = {};
  reordered = 0;
  readonly unmeasured: Unmeasured = { latency: 0, sequence: 0 };
  /** When the first and the last message of this metric was delivered: its throughput's span. */
  readonly window = new Window();
  intervalDelivered = 0;
  intervalFailed = 0;
  /** `intervalFailed` by cause: the same names as `errors`, so the bound holds per second too. */
  intervalCauses: Record<string, number> = {};
}

/** One second of the whole run: the counts behind its rates, and its users. */
export interface IntervalTotals {
  /** Seconds since the run started, at the end of the interval. */
  readonly t: number;
  /** Length of the interval (the last one of a run is shorter than a second). */
  readonly seconds: number;
  /** Messages the open loops sent (acked or not): one-off steps such as a `register` are not part of a rate. */
  readonly sent: number;
  /** Messages users received: replies, awaited events and pushes (metrics of kind `message`). */
  readonly delivered: number;
  /** The target send rate at the end of the interval: the sum of the running open loops' rates. */
  readonly targetRate: number;
  /** Users that started in the interval, and users running at its end. */
  readonly arrived: number;
  readonly active: number;
}

export interface MeasurementEvents {
  delivered: [metric: string, micros: number | undefined];
  failed: [metric: string, outcome: Failure, code: string];
  users: [active: number];
  /** The target send rate changed (an open loop started or stopped scheduling). */
  target: [rate: number];
  sent: [];
  tick: [points: TimelinePoint[], totals: IntervalTotals];
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
  /** Users started, and arrivals skipped because their phase's `maxVusers` were running. */
  startedUsers = 0;
  skippedArrivals = 0;
  /** Messages the open loops sent so far, and when the first and the last were sent (performance.now() ms). */
  sentMessages = 0;
  deliveredMessages = 0;
  readonly sendWindow = new Window();
  readonly deliveryWindow = new Window();
  /** Sum of the rates of the open loops scheduling now. */
  targetRate = 0;
  /** Replies and events users are waiting for now: what a run that has passed its schedule still drains. */
  awaiting = 0;
  /** Per metric of a failed step: the users whose flow ended there and the steps they skipped. */
  readonly skipped = new Map<string, Skipped>();
  readonly totals: IntervalTotals[] = [];
  private interval = { sent: 0, delivered: 0, arrived: 0, since: this.startedAt };
  /** Receivers' samples joined per message (`subscribe` with `fanOut`): first and last receiver. */
  readonly fanOut = new FanOut(this);

  /** The metric's state; `kind` is fixed by the first call that names the metric. */
  metric(name: string, kind: MetricKind = "message"): MetricState {
    let state = this.metrics.get(name);
    if (state === undefined) {
      state = new MetricState(kind);
      this.metrics.set(name, state);
    }
    return state;
  }

  /** Declares what a metric counts before its first sample (a metric is `message` unless declared otherwise). */
  declare(name: string, kind: MetricKind): void {
    this.metric(name, kind);
  }

  /** An open loop wrote `count` messages: the send rate, beside the loops' target rate. */
  sent(count = 1): void {
    this.sentMessages += count;
    this.interval.sent += count;
    this.sendWindow.add(performance.now());
    this.emit("sent");
  }

  /** An open loop started (`rate` > 0) or stopped (`rate` < 0) scheduling. */
  scheduling(rate: number): void {
    this.targetRate = Math.max(0, this.targetRate + rate);
    this.emit("target", this.targetRate);
  }

  /** A message now waits for its reply or event (`+1`), or has been settled (`-1`). */
  waiting(change: 1 | -1): void {
    this.awaiting += change;
  }

  /** A user's flow ended at `metric`'s failed step (`users` 1) or skipped part of it (0): `steps` were not run. */
  skippedSteps(metric: string, steps: number, users: 0 | 1): void {
    const s = this.skipped.get(metric) ?? { users: 0, steps: 0 };
    s.users += users;
    s.steps += steps;
    this.skipped.set(metric, s);
  }

  /** A connection ended without the flow closing it: counted once under `disconnect`, the reason as its cause. */
  dropped(reason: string): void {
    this.declare("disconnect", "connection");
    this.failed("disconnect", "errored", reason);
  }

  arrivalSkipped(): void {
    this.skippedArrivals += 1;
  }

  /** A message arrived; `micros` is its latency when the scenario can measure one. */
  delivered(metric: string, micros?: number): void {
    const state = this.metric(metric);
    if (state.kind === "message") {
      this.deliveredMessages += 1;
      this.interval.delivered += 1;
      this.deliveryWindow.add(performance.now());
    }
    state.outcomes.delivered += 1;
    state.intervalDelivered += 1;
    state.window.add(performance.now());
    if (micros !== undefined) {
      recordMicros(state.total, micros);
      recordMicros(state.interval, micros);
    }
    this.emit("delivered", metric, micros);
  }

  /** A delivered push lacked the send time or the sequence number the scenario reads: say so, never guess. */
  unmeasured(metric: string, what: keyof Unmeasured): void {
    this.metric(metric).unmeasured[what] += 1;
  }

  /** `count` messages failed; `cause` is the code (and message) the server or the client gave. */
  failed(metric: string, outcome: Failure, cause: string, count = 1): void {
    const state = this.metric(metric);
    state.outcomes[outcome] += count;
    state.intervalFailed += count;
    const known = cause in state.errors || Object.keys(state.errors).length < MAX_CAUSES;
    const code = known ? cause : OTHER_CAUSE;
    state.errors[code] = (state.errors[code] ?? 0) + count;
    state.intervalCauses[code] = (state.intervalCauses[code] ?? 0) + count;
    for (let i = 0; i < count; i++) this.emit("failed", metric, outcome, code);
  }

  /** A message arrived after later ones and was counted lost at the gap: it moves from lost to delivered. */
  reordered(metric: string, micros?: number): void {
    const state = this.metric(metric);
    state.reordered += 1;
    if (state.outcomes.lost > 0) {
      state.outcomes.lost -= 1;
      state.errors.sequence_gap = (state.errors.sequence_gap ?? 1) - 1;
      // A gap counted in an earlier second stays in that second's point (it was lost then); only this second's
      // own count is taken back, so a point's failures always equal the sum of its causes.
      const gaps = state.intervalCauses.sequence_gap ?? 0;
      if (gaps > 0) {
        state.intervalCauses.sequence_gap = gaps - 1;
        state.intervalFailed -= 1;
      }
    }
    this.delivered(metric, micros);
  }

  userStarted(): void {
    this.startedUsers += 1;
    this.interval.arrived += 1;
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

  /** Closes the current interval: one timeline point per metric that saw traffic, and the run's totals. */
  tick(): TimelinePoint[] {
    const now = performance.now();
    const t = Math.round(((now - this.startedAt) / 1000) * 1000) / 1000;
    const points: TimelinePoint[] = [];
    for (const [metric, state] of this.metrics) {
      if (state.intervalDelivered === 0 && state.intervalFailed === 0) continue;
      points.push({
        t,
        metric,
        delivered: state.intervalDelivered,
        failed: state.intervalFailed,
        ...causesOf(state.intervalCauses),
        ...pointSummary(state.interval),
      });
      state.interval.reset();
      state.intervalDelivered = 0;
      state.intervalFailed = 0;
      state.intervalCauses = {};
    }
    this.timeline.push(...points);
    const { sent, delivered, arrived, since } = this.interval;
    const totals: IntervalTotals = {
      t,
      seconds: (now - since) / 1000,
      sent,
      delivered,
      targetRate: this.targetRate,
      arrived,
      active: this.activeUsers,
    };
    this.totals.push(totals);
    this.interval = { sent: 0, delivered: 0, arrived: 0, since: now };
    this.emit("tick", points, totals);
    return points;
  }
}

/** A point's causes with a count, or nothing when the second had no failure (most seconds of most runs). */
function causesOf(counts: Record<string, number>): Pick<TimelinePoint, "causes"> {
  const causes = Object.entries(counts).filter(([, n]) => n > 0);
  return causes.length === 0 ? {} : { causes: Object.fromEntries(causes) };
}

/** The first and the last time something happened (performance.now() ms). */
export class Window {
  first = Number.NaN;
  last = Number.NaN;

  add(at: number): void {
    if (Number.isNaN(this.first)) this.first = at;
    this.last = at;
  }

  /**
   * Events per second between the first and the last: `count - 1` intervals over that span, so that n events sent
   * exactly 1/r apart read r. Zero with fewer than two events.
   */
  rate(count: number): number {
    const span = (this.last - this.first) / 1000;
    return count > 1 && span > 0 ? (count - 1) / span : 0;
  }
}
