import type { Phase } from "./scenario.js";

/** One virtual user's arrival: when it starts (ms after the first phase began) and its phase's cap, if any. */
export interface Arrival {
  readonly atMs: number;
  /** Arrivals while this many users run are skipped (Artillery's `maxVusers`, counted as `vusers.skipped`). */
  readonly maxVusers: number | undefined;
}

/**
 * The arrivals of `config.phases`, in time order, on the same schedule as one Artillery 2 worker
 * (`@artilleryio/int-core/lib/phases.js` with the `arrivals` package's uniform process): phases run one after
 * another; an arrival process of interval I (µs, rounded down) sends floor(duration / I) arrivals at I, 2I, ...
 * and its phase ends at the last one; a ramp has `duration` one-second periods, period i sending
 * `arrivalRate + (rampTo - arrivalRate) * i / (duration - 1)` arrivals (rounded as one worker of one rounds them)
 * spaced floor(1000 / n) ms apart. test/scenarios/engine/arrivals.test.ts holds this to Artillery's own phaser.
 */
export function* arrivals(phases: readonly Phase[]): Generator<Arrival, number> {
  let offsetMs = 0;
  for (const phase of phases) {
    const cap = phase.maxVusers;
    const durationMs = (phase.duration ?? 0) * 1000;
    if (phase.pause !== undefined) offsetMs += phase.pause * 1000;
    else if (phase.arrivalCount !== undefined) {
      // Artillery skips an arrivalCount of 0 at once, without waiting for its duration.
      if (phase.arrivalCount > 0) offsetMs = yield* uniform(offsetMs, durationMs / phase.arrivalCount, durationMs, cap);
    } else if (phase.rampTo !== undefined) offsetMs = yield* ramp(offsetMs, phase, cap);
    else if ((phase.arrivalRate ?? 0) > 0)
      offsetMs = yield* uniform(offsetMs, 1000 / (phase.arrivalRate ?? 0), durationMs, cap);
    else offsetMs += durationMs;
  }
  return offsetMs;
}

/** How many users the phases start (skips by `maxVusers` aside) and when the last phase ends. */
export function plannedArrivals(phases: readonly Phase[]): { count: number; endMs: number } {
  const it = arrivals(phases);
  let count = 0;
  for (let next = it.next(); ; next = it.next()) {
    if (next.done === true) return { count, endMs: next.value };
    count += 1;
  }
}

function* uniform(
  offsetMs: number,
  intervalMs: number,
  durationMs: number,
  cap: number | undefined,
): Generator<Arrival, number> {
  const tickMicros = Math.floor(intervalMs * 1000);
  const count = tickMicros > 0 ? Math.floor((durationMs * 1000) / tickMicros) : 0;
  // Fewer than one interval in the phase: Artillery's process would never finish; none arrive and the phase lasts.
  if (count === 0) return offsetMs + durationMs;
  for (let k = 1; k <= count; k++) yield { atMs: offsetMs + (k * tickMicros) / 1000, maxVusers: cap };
  return offsetMs + (count * tickMicros) / 1000;
}

function* ramp(offsetMs: number, phase: Phase, cap: number | undefined): Generator<Arrival, number> {
  const from = phase.arrivalRate ?? 0;
  const to = phase.rampTo ?? 0;
  // As Artillery counts them: a period for every started second, the slope over `duration - 1`.
  const duration = phase.duration || 1;
  const periods = Math.ceil(duration);
  for (let i = 0; i < periods; i++) {
    const raw = duration === 1 ? (from + to) / 2 : ((to - from) / (duration - 1)) * i + from;
    // One worker of one: Artillery adds one when round(fraction x workers) >= the worker's number (1).
    const n = Math.floor(raw) + (Math.round(raw % 1) >= 1 ? 1 : 0);
    const tickMs = Math.min(Math.floor(1000 / n), 1000);
    for (let j = 1; j <= n; j++) yield { atMs: offsetMs + i * 1000 + j * tickMs, maxVusers: cap };
  }
  return offsetMs + periods * 1000;
}
