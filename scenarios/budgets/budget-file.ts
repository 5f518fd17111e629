import { z } from "zod";

const ms = z.number().nonnegative();
const fraction = z.number().min(0).max(1);

/** Limits for one metric of a load report (a metric is `ack:<event>`, `push:<event>`, `connect`, ...). */
export const metricBudgetSchema = z.strictObject({
  /** Latency percentiles and maximum, in milliseconds: measured must be <= budget. */
  p50: ms.optional(),
  p95: ms.optional(),
  p99: ms.optional(),
  max: ms.optional(),
  /** Errored and timed-out messages over all messages. */
  errorRate: fraction.optional(),
  /** Lost messages over all messages. */
  lossRate: fraction.optional(),
  /** Delivered messages per second over the run: measured must be >= budget. */
  minThroughput: z.number().nonnegative().optional(),
});
export type MetricBudget = z.infer<typeof metricBudgetSchema>;

/**
 * A budgets file: `{ "scenario": "log-flood", "metrics": { "push:line": { "p99": 50, "lossRate": 0 } } }`.
 * One per scenario, beside it (`scenarios/<name>.budgets.json`).
 */
export const budgetFileSchema = z.strictObject({
  $schema: z.string().optional(),
  scenario: z.string().optional(),
  metrics: z.record(z.string(), metricBudgetSchema),
});
export type BudgetFile = z.infer<typeof budgetFileSchema>;
