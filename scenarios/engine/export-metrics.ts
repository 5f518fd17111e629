import type { LoadMetrics } from "../../metrics/load-metrics.js";
import type { BudgetFile } from "../budgets/budget-file.js";
import type { Measurements } from "./measurements.js";

/** Mirrors a run's measurements into Prometheus metrics as they happen; returns the function that detaches it. */
export function exportMetrics(
  m: Measurements,
  metrics: LoadMetrics,
  scenario: string,
  opts: { budgets?: BudgetFile | undefined },
): () => void {
  metrics.targetRate.set({ scenario }, m.targetRate);
  for (const [metric, b] of Object.entries(opts.budgets?.metrics ?? {})) {
    for (const check of ["p50", "p95", "p99", "max"] as const) {
      const ms = b[check];
      if (ms !== undefined) metrics.budgetSeconds.set({ scenario, metric, check }, ms / 1000);
    }
  }
  const onDelivered = (metric: string, micros: number | undefined) => {
    metrics.messagesTotal.inc({ scenario, metric, outcome: "delivered" });
    if (m.metric(metric).kind === "message") metrics.deliveredTotal.inc({ scenario });
    if (micros !== undefined) metrics.latencySeconds.observe({ scenario, metric }, micros / 1e6);
  };
  const onFailed = (metric: string, outcome: string, code: string) => {
    metrics.messagesTotal.inc({ scenario, metric, outcome });
    metrics.errorsTotal.inc({ scenario, metric, code });
  };
  const onSent = () => metrics.sentTotal.inc({ scenario });
  const onTarget = (rate: number) => metrics.targetRate.set({ scenario }, rate);
  const onUsers = (active: number) => metrics.virtualUsers.set({ scenario }, active);
  m.on("delivered", onDelivered).on("failed", onFailed).on("users", onUsers).on("sent", onSent).on("target", onTarget);
  return () =>
    m
      .off("delivered", onDelivered)
      .off("failed", onFailed)
      .off("users", onUsers)
      .off("sent", onSent)
      .off("target", onTarget);
}
