import { loadMetrics, serverMetrics } from "../metrics/catalogue.js";
import { dashboard, datasourceVariable, labelVariable, type PanelSpec } from "./grafana-model.js";
import { quantile, series, sumRate } from "./promql.js";
import { SERVER_JOB, serverPanels } from "./server-panels.js";

/** The Prometheus job that scrapes `volley load --metrics-port` (dashboards/prometheus.yml). */
export const LOAD_JOB = "volley-load";

const m = loadMetrics;
const run = [`job="${LOAD_JOB}"`, `scenario=~"$scenario"`, `instance=~"$instance"`];
const measured = [...run, `metric=~"$metric"`];
const messages = series(m.messagesTotal.name, ...measured);

function latency(check: "p50" | "p95" | "p99", q: number): PanelSpec {
  return {
    title: `Latency ${check}, with its budget`,
    description: `The ${check} of every measured metric over time (from the generators' summed histogram buckets), and the ${check} budget from the budgets file as a dashed line.`,
    unit: "s",
    limitSeries: "^budget",
    targets: [
      {
        expr: quantile(q, ["scenario", "metric"], m.latencySeconds.name, ...measured),
        legendFormat: "{{scenario}} {{metric}}",
      },
      {
        expr: `max by (scenario, metric) (${series(m.budgetSeconds.name, ...measured, `check="${check}"`)})`,
        legendFormat: "budget {{scenario}} {{metric}}",
      },
    ],
  };
}

const rates: PanelSpec = {
  title: "Arrival and completion rates",
  description:
    "Scheduled acked emits per second (the open model's arrival rate, 0 when the flow sets its own rate) and messages settled per second by outcome.",
  unit: "ops",
  targets: [
    { expr: `sum by (scenario) (${series(m.targetRate.name, ...run)})`, legendFormat: "{{scenario}} scheduled" },
    { expr: sumRate(["scenario", "outcome"], messages), legendFormat: "{{scenario}} {{outcome}}" },
  ],
};

const throughput: PanelSpec = {
  title: "Delivered per second, by metric",
  description: "Messages delivered per second for each measured metric (acks, pushes, connects).",
  unit: "ops",
  targets: [
    {
      expr: sumRate(["scenario", "metric"], series(m.messagesTotal.name, ...measured, `outcome="delivered"`)),
      legendFormat: "{{scenario}} {{metric}}",
    },
  ],
};

/** `fanout:first` / `fanout:last`: per message, send to first and to last receiver (scenarios/engine/fan-out.ts). */
const fanOutMetrics = [...run, `metric=~"fanout:first|fanout:last"`];
const fanOut: PanelSpec = {
  title: "Fan-out: first and last receiver",
  description:
    "Per broadcast message (scenarios with `fanOut: true`, e.g. command-network-fanout): the time from the send to the first receiver (`fanout:first`) and to the last (`fanout:last`), p50 and p99. Measured where sender and receivers share one clock (one generator).",
  unit: "s",
  targets: [
    {
      expr: quantile(0.5, ["scenario", "metric"], m.latencySeconds.name, ...fanOutMetrics),
      legendFormat: "{{scenario}} {{metric}} p50",
    },
    {
      expr: quantile(0.99, ["scenario", "metric"], m.latencySeconds.name, ...fanOutMetrics),
      legendFormat: "{{scenario}} {{metric}} p99",
    },
  ],
};

const all = sumRate(["scenario", "metric"], messages);
const loss: PanelSpec = {
  title: "Loss",
  description:
    "Messages lost (sequence gaps) as a share of all settled messages, per metric; 0 while a metric has lost nothing.",
  unit: "percentunit",
  targets: [
    {
      expr: `(${sumRate(["scenario", "metric"], series(m.messagesTotal.name, ...measured, `outcome="lost"`))} or 0 * ${all}) / ${all}`,
      legendFormat: "{{scenario}} {{metric}}",
    },
  ],
};

const errors: PanelSpec = {
  title: "Errors by code",
  description:
    "Messages not delivered per second, by code: ack_timeout, sequence_gap, event_timeout, a server error code, a refusal.",
  unit: "ops",
  targets: [
    { expr: sumRate(["scenario", "code"], series(m.errorsTotal.name, ...run)), legendFormat: "{{scenario}} {{code}}" },
  ],
};

const users: PanelSpec = {
  title: "Connected virtual users",
  description: "Virtual users (sockets) running now, summed over generators.",
  unit: "short",
  targets: [{ expr: `sum by (scenario) (${series(m.virtualUsers.name, ...run)})`, legendFormat: "{{scenario}}" }],
};

/**
 * The row Grafana repeats per scenario metric: its latency p50/p95/p99 with every latency budget of that metric as a
 * dashed line, and its outcomes per second. Inside a repeated row `$metric` is the one metric of that row.
 */
const oneMetric = [...run, `metric=~"$metric"`];
const metricLatency: PanelSpec = {
  title: "$metric latency, with its budgets",
  description: "The metric's p50, p95 and p99 (from the generators' summed histogram buckets) and its latency budgets.",
  unit: "s",
  limitSeries: "^budget",
  width: 16,
  targets: [
    ...(
      [
        ["p50", 0.5],
        ["p95", 0.95],
        ["p99", 0.99],
      ] as const
    ).map(([check, q]) => ({
      expr: quantile(q, ["metric"], m.latencySeconds.name, ...oneMetric),
      legendFormat: check,
    })),
    {
      expr: `max by (check) (${series(m.budgetSeconds.name, ...oneMetric)})`,
      legendFormat: "budget {{check}}",
    },
  ],
};
const metricOutcomes: PanelSpec = {
  title: "$metric outcomes per second",
  description: "The metric's messages settled per second: delivered, lost, errored, timed out.",
  unit: "ops",
  width: 8,
  targets: [{ expr: sumRate(["outcome"], series(m.messagesTotal.name, ...oneMetric)), legendFormat: "{{outcome}}" }],
};

const server = serverPanels([`api=~"$api"`], []);

/** What the load generators see, with the server's side of the same run below it. */
export const loadRunDashboard = dashboard({
  uid: "volley-load-run",
  title: "Volley / Load run",
  description: "A `volley load` run live: rates, latency quantiles against the budgets, fan-out, loss, errors, users.",
  tags: ["volley", "socket.io", "load"],
  variables: [
    datasourceVariable(),
    labelVariable("scenario", "Scenario", series(m.messagesTotal.name, `job="${LOAD_JOB}"`)),
    labelVariable("metric", "Metric", series(m.messagesTotal.name, `job="${LOAD_JOB}"`, `scenario=~"$scenario"`)),
    labelVariable("instance", "Generator", series(m.messagesTotal.name, `job="${LOAD_JOB}"`, `scenario=~"$scenario"`)),
    labelVariable("api", "Server API", series(serverMetrics.connections.name, `job="${SERVER_JOB}"`)),
  ],
  rows: [
    { title: "Load", panels: [rates, users, throughput, errors] },
    {
      title: "Latency",
      panels: [
        { ...latency("p50", 0.5), width: 8 },
        { ...latency("p95", 0.95), width: 8 },
        { ...latency("p99", 0.99), width: 8 },
      ],
    },
    { title: "Delivery", panels: [fanOut, loss] },
    { title: "Metric $metric", panels: [metricLatency, metricOutcomes], repeat: "metric" },
    { title: "Server under load", panels: [server.handlerLatency, server.errors, server.eventsIn, server.cpu] },
  ],
});
