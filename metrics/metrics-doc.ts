import {
  LATENCY_BUCKETS_SECONDS,
  labelMeanings,
  loadMetrics,
  type MetricDefinition,
  nodeMetrics,
  serverMetrics,
} from "./catalogue.js";

/** Where docs/metrics.md lives, relative to the repository root; written by `npm run docs:metrics`. */
export const METRICS_DOC_PATH = "docs/metrics.md";

const groups: readonly { title: string; intro: string; metrics: readonly MetricDefinition[] }[] = [
  {
    title: "Reference server",
    intro:
      "Served by every API of `volley serve` at `<api url>/metrics` (one registry and port per API), counted by the shared shell (`reference-server/shell.ts`, `reference-server/instrumentation.ts`).",
    metrics: Object.values(serverMetrics),
  },
  {
    title: "Load runs",
    intro:
      "Served by `volley load --metrics-port <n>` at `http://127.0.0.1:<n>/metrics` while the run lasts (`scenarios/engine/export-metrics.ts`).",
    metrics: Object.values(loadMetrics),
  },
  {
    title: "Node.js process (prom-client defaults)",
    intro:
      "Registered by prom-client's `collectDefaultMetrics` beside each API's metrics; these are the ones the Server dashboard reads. The event-loop lag percentiles are computed inside one process: plot them per instance.",
    metrics: Object.values(nodeMetrics),
  },
];

const cell = (text: string) => text.replaceAll("|", "\\|");

/** A Markdown table with padded columns, as the formatter (biome) lays it out, so the generated file stays formatted. */
function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}

function table(metrics: readonly MetricDefinition[]): string[] {
  return markdownTable(
    ["name", "type", "unit", "labels", "help"],
    metrics.map((m) => [
      `\`${m.name}\``,
      m.type,
      m.unit === "1" ? "count" : m.unit,
      m.labels.map((l) => `\`${l}\``).join(", ") || "none",
      cell(m.help),
    ]),
  );
}

/** docs/metrics.md, generated from metrics/catalogue.ts so that the list and the code cannot drift apart. */
export function metricsDoc(): string {
  const labels = [...new Set(groups.flatMap((g) => g.metrics.flatMap((m) => m.labels)))];
  return [
    "# Metrics",
    "",
    "<!-- Generated from metrics/catalogue.ts by `npm run docs:metrics`; do not edit by hand. -->",
    "",
    "Every metric Volley exposes to Prometheus. Names follow the Prometheus conventions: snake_case, base units",
    "(`_seconds`, `_bytes`), `_total` on counters, latencies as real histograms (`_bucket`, `_sum`, `_count`) so that",
    "quantiles can be aggregated across instances and generators with `histogram_quantile(q, sum by (le) (rate(...)))`.",
    "",
    ...groups.flatMap((g) => [`## ${g.title}`, "", g.intro, "", ...table(g.metrics), ""]),
    "## Histogram buckets",
    "",
    `All latency histograms share these upper bounds, in seconds: ${LATENCY_BUCKETS_SECONDS.join(", ")}, +Inf.`,
    "",
    "## Labels",
    "",
    "Every label has a small, fixed set of values: never a socket id, lab id, user name or request id.",
    "",
    ...markdownTable(
      ["label", "values"],
      labels.map((l) => [`\`${l}\``, cell(labelMeanings[l] ?? "")]),
    ),
    "",
  ].join("\n");
}
