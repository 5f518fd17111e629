import { performance } from "node:perf_hooks";

/**
 * Epoch milliseconds with microsecond resolution from the monotonic clock: what `{{now}}` stamps into a message and
 * what a receiver in the same process compares it with. `performance.timeOrigin` is fixed when the process (or
 * worker) starts, so every user and worker of one process reads the same clock, unaffected by wall-clock steps.
 * Across processes it is only as close as their wall clocks were when each started (docs/load.md).
 */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Latency in µs of a message stamped `sentMs` (epoch ms) and received now. A stamp with a fraction came from
 * `epochNow` (ours, µs); a whole-millisecond stamp came from a wall clock such as the server's `Date.now()` or an ISO
 * time, and is compared with the wall clock: the monotonic clock runs up to a millisecond ahead of `Date.now()`,
 * which would bias every such latency by that much.
 */
export function microsSince(sentMs: number): number {
  return ((Number.isInteger(sentMs) ? Date.now() : epochNow()) - sentMs) * 1000;
}
