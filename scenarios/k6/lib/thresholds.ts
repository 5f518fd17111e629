/**
 * k6 thresholds per workload, in milliseconds, for the small reference-server runs the docs show.
 * They stand for the Artillery budgets files (scenarios/budgets/, issue 4) which did not exist when these were
 * written: when they land, these numbers are to be copied from them (p50/p95/p99/max per latency metric, loss 0).
 * A threshold names a metric the scripts define; k6 exits 99 when one is crossed.
 */
type Thresholds = Record<string, string[]>;

const connection: Thresholds = {
  socketio_connect_time: ["p(95)<500", "max<2000"],
  socketio_connect_errors: ["count==0"],
  socketio_ack_failures: ["count==0"],
  socketio_framing_errors: ["count==0"],
  socketio_transport_errors: ["count==0"],
};

const push: string[] = ["p(50)<50", "p(95)<200", "p(99)<500"];

export const logFloodThresholds: Thresholds = {
  ...connection,
  log_push_latency: push,
  log_lines_received: ["count>0"],
  log_lines_lost: ["count==0"],
  log_lines_reordered: ["count==0"],
};

export const shellIoThresholds: Thresholds = {
  ...connection,
  shell_echo_latency: push,
  shell_echo_lost: ["count==0"],
  socketio_ack_latency: ["p(95)<1000"],
};

export const fanOutThresholds: Thresholds = {
  ...connection,
  fanout_latency: push,
  fanout_lost: ["count==0"],
  fanout_received: ["count>0"],
};

export const connectStormThresholds: Thresholds = {
  ...connection,
  socketio_connect_time: ["p(50)<100", "p(95)<500", "p(99)<1000"],
};

/**
 * One metric's limits in a budgets file (scenarios/budgets/budget-file.ts `metricBudgetSchema`, restated because
 * k6 cannot load zod; test/scenarios/k6/lib/thresholds.test.ts parses real files with the schema first).
 */
export interface MetricBudget {
  p50?: number;
  p95?: number;
  p99?: number;
  max?: number;
  errorRate?: number;
  lossRate?: number;
  minThroughput?: number;
}

/** The k6 metrics that measure what one budgets-file metric limits. */
export interface MeasuredBy {
  /** A time Trend, in ms. */
  latency: string;
  /** A Rate: true per delivered message, false per lost one. */
  delivery?: string;
  /** A Rate: true per failed request (errored or timed out), false per answered one. */
  failure?: string;
  /** A Counter of delivered messages; k6's `rate` of a Counter is per second. */
  delivered?: string;
}

/** k6 thresholds equivalent to a budget: `p(99)<=50` for `p99: 50`, `rate>=0.99` for `lossRate: 0.01`, ... */
export function thresholdsFromBudget(budget: MetricBudget, by: MeasuredBy): Thresholds {
  const out: Thresholds = {};
  const add = (metric: string | undefined, expression: string) => {
    if (metric === undefined) throw new Error(`the budget limits "${expression}" but no k6 metric measures it`);
    out[metric] = [...(out[metric] ?? []), expression];
  };
  for (const p of ["p50", "p95", "p99"] as const) {
    const limit = budget[p];
    if (limit !== undefined) add(by.latency, `p(${p.slice(1)})<=${limit}`);
  }
  if (budget.max !== undefined) add(by.latency, `max<=${budget.max}`);
  if (budget.lossRate !== undefined) add(by.delivery, `rate>=${1 - budget.lossRate}`);
  if (budget.errorRate !== undefined) add(by.failure, `rate<=${budget.errorRate}`);
  if (budget.minThroughput !== undefined) add(by.delivered, `rate>=${budget.minThroughput}`);
  return out;
}

/**
 * The thresholds a script runs with: its defaults, with the metric BUDGET_METRIC of the budgets file BUDGETS
 * (read by the script with k6's `open()`) taking over the thresholds of the k6 metrics it maps to.
 */
export function thresholdsFor(
  defaults: Thresholds,
  budgetsJson: string | undefined,
  key: string,
  by: MeasuredBy,
): Thresholds {
  if (budgetsJson === undefined) return defaults;
  const budget = (JSON.parse(budgetsJson) as { metrics?: Record<string, MetricBudget> }).metrics?.[key];
  if (budget === undefined) throw new Error(`the budgets file has no metric "${key}" (set BUDGET_METRIC)`);
  return { ...defaults, ...thresholdsFromBudget(budget, by) };
}
