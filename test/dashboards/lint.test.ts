import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parser } from "@prometheus-io/lezer-promql";
import { describe, expect, it } from "vitest";
import { allDashboards, DASHBOARD_DIR } from "../../dashboards/all-dashboards.js";
import { DATASOURCE, SCHEMA_VERSION } from "../../dashboards/grafana-model.js";
import { loadMetrics, type MetricDefinition, nodeMetrics, serverMetrics } from "../../metrics/catalogue.js";
import { panelQueries, substitute, variableSelectors } from "./panel-queries.js";

const root = join(import.meta.dirname, "..", "..");
const catalogue: MetricDefinition[] = [
  ...Object.values(serverMetrics),
  ...Object.values(loadMetrics),
  ...Object.values(nodeMetrics),
];

/** Series names a catalogue entry exposes, with their Prometheus type (a histogram's parts are counters). */
const exposed = new Map<string, MetricDefinition["type"]>(
  catalogue.flatMap((m): [string, MetricDefinition["type"]][] =>
    m.type === "histogram"
      ? [`${m.name}_bucket`, `${m.name}_sum`, `${m.name}_count`].map((n) => [n, "counter"])
      : [[m.name, m.type]],
  ),
);

/** Units Grafana knows (packages/grafana-data valueFormats) that these dashboards may use. */
const GRAFANA_UNITS = new Set(["s", "ms", "bytes", "ops", "reqps", "percentunit", "short", "none"]);

const intervals = { rate: "20s", interval: "5s", range: "15m" };

interface Problem {
  readonly where: string;
  readonly problem: string;
}

/**
 * The dashboard-linter's PromQL rules on one query: it parses, names catalogued metrics, and (panel queries only; a
 * variable's `label_values` selector reads series, not values) counters only under rate()/increase().
 */
function lintQuery(where: string, expr: string, kind: "panel" | "variable" = "panel"): Problem[] {
  const text = substitute(expr, intervals);
  const problems: Problem[] = [];
  parser.parse(text).iterate({
    enter(node) {
      if (node.type.isError) problems.push({ where, problem: `does not parse at ${node.from}: ${text}` });
      if (node.name !== "VectorSelector") return;
      const identifier = node.node.getChild("Identifier");
      const name = identifier === null ? "" : text.slice(identifier.from, identifier.to);
      const type = exposed.get(name);
      if (type === undefined) problems.push({ where, problem: `${name} is not in metrics/catalogue.ts` });
      const matrix = node.node.parent;
      const call = matrix?.parent?.parent;
      const fn = call?.getChild("FunctionIdentifier");
      const wrapped =
        matrix?.name === "MatrixSelector" &&
        fn != null &&
        ["rate", "irate", "increase"].includes(text.slice(fn.from, fn.to));
      if (kind === "panel" && type === "counter" && !wrapped)
        problems.push({ where, problem: `counter ${name} outside rate()/increase()` });
    },
  });
  for (const [, range] of expr.matchAll(/\[([^\]]*)\]/g)) {
    if (range !== "$__rate_interval")
      problems.push({ where, problem: `range [${range}] instead of [$__rate_interval]` });
  }
  return problems;
}

describe.each(Object.entries(allDashboards))("dashboard %s", (file, d) => {
  it("is the JSON that dashboards/ generates (run `npm run dashboards` after changing it)", () => {
    const committed: unknown = JSON.parse(readFileSync(join(root, DASHBOARD_DIR, file), "utf8"));
    expect(committed).toEqual(JSON.parse(JSON.stringify(d)));
  });

  it("is a current Grafana dashboard with a uid, unique panel ids and panels inside the 24-column grid", () => {
    expect(d.uid).toMatch(/^[a-z0-9-]{1,40}$/);
    expect(d.schemaVersion).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(39);
    const ids = d.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of d.panels) expect(p.gridPos.x + p.gridPos.w, p.title).toBeLessThanOrEqual(24);
  });

  it("has a Prometheus datasource variable that every panel, query and variable uses", () => {
    const ds = d.templating.list.find((v) => v.type === "datasource");
    expect(ds).toMatchObject({ name: "datasource", query: "prometheus" });
    for (const v of d.templating.list.filter((v) => v.type === "query"))
      expect(v.datasource, v.name).toEqual(DATASOURCE);
    for (const p of d.panels.filter((p) => p.type !== "row")) {
      expect(p.datasource, p.title).toEqual(DATASOURCE);
      for (const t of p.targets as { datasource: unknown }[]) expect(t.datasource, p.title).toEqual(DATASOURCE);
    }
  });

  it("sets a unit Grafana knows on every panel", () => {
    for (const p of d.panels.filter((p) => p.type !== "row")) {
      const unit = (p.fieldConfig as { defaults: { unit?: string } }).defaults.unit;
      expect(GRAFANA_UNITS.has(unit ?? ""), `${p.title}: unit ${unit}`).toBe(true);
    }
  });

  it("has queries that parse, use $__rate_interval, wrap counters in rate() and name catalogued metrics only", () => {
    const queries = panelQueries(d);
    expect(queries.length).toBeGreaterThan(5);
    expect(queries.flatMap((q) => lintQuery(q.where, q.expr))).toEqual([]);
    expect(variableSelectors(d).flatMap((q) => lintQuery(q.where, q.expr, "variable"))).toEqual([]);
  });
});

describe("the dashboard linter rules here", () => {
  it("catch a raw counter, a fixed range, an unknown metric and a query that does not parse", () => {
    const problems = [
      ...lintQuery("a", `sum(volley_server_errors_total)`),
      ...lintQuery("b", `rate(volley_server_errors_total[5m])`),
      ...lintQuery("c", `volley_no_such_metric`),
      ...lintQuery("d", `sum by (api (rate(volley_server_errors_total[$__rate_interval]))`),
    ].map((p) => p.where);
    expect(new Set(problems)).toEqual(new Set(["a", "b", "c", "d"]));
  });

  it("cover both dashboards: Load run with scenario, metric, instance and API variables, Server with API and instance", () => {
    const names = (file: string) => allDashboards[file]?.templating.list.map((v) => v.name);
    expect(names("load-run.json")).toEqual(["datasource", "scenario", "metric", "instance", "api"]);
    expect(names("server.json")).toEqual(["datasource", "api", "instance"]);
  });
});

describe("the Load run dashboard", () => {
  it("repeats a row per scenario metric whose latency panel draws that metric's budgets as limit lines", () => {
    const panels = allDashboards["load-run.json"]?.panels ?? [];
    const row = panels.findIndex((p) => p.type === "row" && p.repeat === "metric");
    expect(row).toBeGreaterThan(-1);
    const latency = panels[row + 1] as unknown as { title: string; targets: { expr: string }[]; fieldConfig: unknown };
    expect(latency.title).toBe("$metric latency, with its budgets");
    expect(
      latency.targets.some(
        (t) => t.expr.includes("volley_load_budget_seconds{") && t.expr.includes('metric=~"$metric"'),
      ),
    ).toBe(true);
    expect(JSON.stringify(latency.fieldConfig)).toContain("^budget");
  });
});
