/**
 * The small part of Grafana's classic dashboard JSON model that Volley's dashboards use, and builders that fill in
 * what every panel repeats (datasource, layout, ids). The JSON files in dashboards/grafana/ are written from this by
 * `npm run dashboards`; test/dashboards/ checks them against a real Prometheus and the linter rules.
 */

/** Grafana 12's classic-model schema version; older Grafanas migrate it on load. */
export const SCHEMA_VERSION = 41;

/** The uid of the provisioned Prometheus datasource (dashboards/provisioning/datasources/prometheus.yml). */
export const PROVISIONED_DATASOURCE_UID = "volley-prometheus";

/** Every panel and variable queries the datasource chosen in the `datasource` variable, never a fixed one. */
export const DATASOURCE = { type: "prometheus", uid: "$datasource" } as const;

export interface Target {
  readonly expr: string;
  readonly legendFormat: string;
}

export interface PanelSpec {
  readonly title: string;
  readonly description: string;
  /** A Grafana unit id (`s`, `bytes`, `ops`, `percentunit`, `short`). */
  readonly unit: string;
  readonly targets: readonly Target[];
  /** Series whose name matches this regular expression are drawn as dashed red limit lines (budgets). */
  readonly limitSeries?: string;
  /** Grid width out of 24; 12 by default. */
  readonly width?: number;
}

export interface RowSpec {
  readonly title: string;
  readonly panels: readonly PanelSpec[];
  /** A multi-value variable: Grafana repeats the row once per selected value (`$name` in its queries is that one). */
  readonly repeat?: string;
}

export interface Variable {
  readonly name: string;
  readonly type: "datasource" | "query";
  readonly [key: string]: unknown;
}

export interface GrafanaPanel {
  readonly id: number;
  readonly type: "timeseries" | "row";
  readonly title: string;
  readonly gridPos: { x: number; y: number; w: number; h: number };
  readonly [key: string]: unknown;
}

export interface GrafanaDashboard {
  readonly uid: string;
  readonly title: string;
  readonly schemaVersion: number;
  readonly templating: { list: readonly Variable[] };
  readonly panels: readonly GrafanaPanel[];
  readonly [key: string]: unknown;
}

export function datasourceVariable(): Variable {
  return {
    name: "datasource",
    label: "Data source",
    type: "datasource",
    query: "prometheus",
    current: { text: "Prometheus", value: PROVISIONED_DATASOURCE_UID },
    hide: 0,
    refresh: 1,
    regex: "",
  };
}

/** A multi-value variable over one label's values, `All` (any value) by default. */
export function labelVariable(name: string, label: string, series: string): Variable {
  const query = `label_values(${series}, ${name})`;
  return {
    name,
    label,
    type: "query",
    datasource: DATASOURCE,
    definition: query,
    // The plain-string form: every Grafana version parses `label_values(selector, label)` from it (the object form's
    // label-values type wants separate metric and label fields instead).
    query,
    refresh: 2,
    includeAll: true,
    multi: true,
    allValue: ".*",
    current: { text: ["All"], value: ["$__all"] },
    sort: 1,
    hide: 0,
    regex: "",
  };
}

const PANEL_HEIGHT = 8;

function timeseries(spec: PanelSpec, id: number, gridPos: GrafanaPanel["gridPos"]): GrafanaPanel {
  const overrides =
    spec.limitSeries === undefined
      ? []
      : [
          {
            matcher: { id: "byRegexp", options: spec.limitSeries },
            properties: [
              { id: "custom.lineStyle", value: { fill: "dash", dash: [10, 10] } },
              { id: "color", value: { mode: "fixed", fixedColor: "red" } },
            ],
          },
        ];
  return {
    id,
    type: "timeseries",
    title: spec.title,
    description: spec.description,
    datasource: DATASOURCE,
    gridPos,
    fieldConfig: {
      defaults: {
        unit: spec.unit,
        min: 0,
        custom: { drawStyle: "line", lineWidth: 1, fillOpacity: 10, showPoints: "never" },
      },
      overrides,
    },
    options: {
      legend: { displayMode: "table", placement: "bottom", calcs: ["mean", "max", "lastNotNull"] },
      tooltip: { mode: "multi", sort: "desc" },
    },
    targets: spec.targets.map((t, i) => ({
      refId: String.fromCharCode(65 + i),
      datasource: DATASOURCE,
      expr: t.expr,
      legendFormat: t.legendFormat,
      range: true,
    })),
  };
}

/** A complete dashboard: rows laid out top to bottom, their panels left to right, 24 columns wide. */
export function dashboard(spec: {
  uid: string;
  title: string;
  description: string;
  tags: readonly string[];
  variables: readonly Variable[];
  rows: readonly RowSpec[];
}): GrafanaDashboard {
  const panels: GrafanaPanel[] = [];
  let y = 0;
  for (const row of spec.rows) {
    panels.push({
      id: panels.length + 1,
      type: "row",
      title: row.title,
      collapsed: false,
      panels: [],
      ...(row.repeat === undefined ? {} : { repeat: row.repeat }),
      gridPos: { x: 0, y, w: 24, h: 1 },
    });
    y += 1;
    let x = 0;
    for (const panel of row.panels) {
      const w = panel.width ?? 12;
      if (x + w > 24) {
        x = 0;
        y += PANEL_HEIGHT;
      }
      panels.push(timeseries(panel, panels.length + 1, { x, y, w, h: PANEL_HEIGHT }));
      x += w;
    }
    y += PANEL_HEIGHT;
  }
  return {
    uid: spec.uid,
    title: spec.title,
    description: spec.description,
    tags: spec.tags,
    editable: true,
    graphTooltip: 1,
    refresh: "5s",
    time: { from: "now-15m", to: "now" },
    timepicker: {},
    timezone: "browser",
    schemaVersion: SCHEMA_VERSION,
    version: 1,
    annotations: { list: [] },
    links: [],
    templating: { list: spec.variables },
    panels,
  };
}
