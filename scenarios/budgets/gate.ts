import { type LoadReport, type MetricReport, messageCount } from "../engine/report.js";
import type { BudgetFile, MetricBudget } from "./budget-file.js";

type Check = keyof MetricBudget;

/** One budget line checked against one report: Artillery ensure's shape, with the expression as written. */
export interface Verdict {
  readonly metric: string;
  readonly check: Check;
  /** e.g. `ack:echo.p99 <= 50` */
  readonly expression: string;
  readonly budget: number;
  /** How measured must compare to budget. */
  readonly op: "<=" | ">=";
  /** Undefined when the report has no such metric: that fails, a budget on nothing is a mistake to see. */
  readonly measured: number | undefined;
  readonly unit: "ms" | "ratio" | "msg/s";
  readonly pass: boolean;
}

const CHECKS: Record<Check, { op: "<=" | ">="; unit: Verdict["unit"]; measure: (m: MetricReport) => number }> = {
  p50: { op: "<=", unit: "ms", measure: (m) => m.latency.p50 },
  p95: { op: "<=", unit: "ms", measure: (m) => m.latency.p95 },
  p99: { op: "<=", unit: "ms", measure: (m) => m.latency.p99 },
  max: { op: "<=", unit: "ms", measure: (m) => m.latency.max },
  errorRate: { op: "<=", unit: "ratio", measure: (m) => rate(m, m.outcomes.errored + m.outcomes.timedOut) },
  lossRate: { op: "<=", unit: "ratio", measure: (m) => rate(m, m.outcomes.lost) },
  minThroughput: { op: ">=", unit: "msg/s", measure: (m) => m.throughput },
};

function rate(m: MetricReport, n: number): number {
  const total = messageCount(m);
  return total === 0 ? 0 : n / total;
}

/** Checks every budget once, on the final report (never mid-run). */
export function gate(report: LoadReport, budgets: BudgetFile): Verdict[] {
  const verdicts: Verdict[] = [];
  for (const [metric, budget] of Object.entries(budgets.metrics)) {
    const measuredMetric = report.metrics[metric];
    for (const check of Object.keys(budget) as Check[]) {
      const limit = budget[check];
      if (limit === undefined) continue;
      const { op, unit, measure } = CHECKS[check];
      const measured = measuredMetric === undefined ? undefined : measure(measuredMetric);
      const pass = measured !== undefined && (op === "<=" ? measured <= limit : measured >= limit);
      verdicts.push({
        metric,
        check,
        expression: `${metric}.${check} ${op} ${limit}`,
        budget: limit,
        op,
        measured,
        unit,
        pass,
      });
    }
  }
  return verdicts;
}
