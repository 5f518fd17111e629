import type { MetricReport } from "../../scenarios/engine/report.js";

/** Resolves once `condition` holds, checking every 50 ms; fails after `ms`. For states with no event to await. */
export async function until(condition: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      if (await condition()) return;
    } catch {
      // Not ready yet (a server still starting refuses the probe): try again until the deadline.
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Delivered + lost + errored + timed out: every message a metric accounted, each exactly once. */
export function outcomeTotal(metric: MetricReport | undefined): number {
  const o = metric?.outcomes;
  return o === undefined ? 0 : o.delivered + o.lost + o.errored + o.timedOut;
}
