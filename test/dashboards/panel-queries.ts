import type { GrafanaDashboard } from "../../dashboards/grafana-model.js";

export interface PanelQuery {
  readonly where: string;
  readonly expr: string;
}

/** Every PromQL query of a dashboard's panels, named `dashboard / panel / refId` for failure messages. */
export function panelQueries(d: GrafanaDashboard): PanelQuery[] {
  return d.panels.flatMap((panel) => {
    const targets = (panel.targets ?? []) as { refId: string; expr: string }[];
    return targets.map((t) => ({ where: `${d.title} / ${panel.title} / ${t.refId}`, expr: t.expr }));
  });
}

/** The series selector inside each `label_values(selector, label)` variable query. */
export function variableSelectors(d: GrafanaDashboard): PanelQuery[] {
  return d.templating.list
    .filter((v) => v.type === "query")
    .map((v) => {
      const match = /^label_values\((.*), (\w+)\)$/.exec(String(v.query));
      if (match === null) throw new Error(`${d.title} / $${v.name}: not a label_values() query: ${String(v.query)}`);
      return { where: `${d.title} / $${v.name}`, expr: match[1] ?? "" };
    });
}

/**
 * What Grafana would send: its interval variables replaced by durations, and every template variable by its `All`
 * value (`.*`, the variables' allValue), the view a user gets on opening the dashboard.
 */
export function substitute(expr: string, intervals: { rate: string; interval: string; range: string }): string {
  return expr
    .replaceAll("$__rate_interval", intervals.rate)
    .replaceAll("$__interval", intervals.interval)
    .replaceAll("$__range", intervals.range)
    .replace(/\$\{?(\w+)\}?/g, ".*");
}
