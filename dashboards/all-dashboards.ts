import type { GrafanaDashboard } from "./grafana-model.js";
import { loadRunDashboard } from "./load-run-dashboard.js";
import { serverDashboard } from "./server-dashboard.js";

/** Every dashboard, by the file it is written to in dashboards/grafana/ (the folder Grafana provisions from). */
export const allDashboards: Readonly<Record<string, GrafanaDashboard>> = {
  "load-run.json": loadRunDashboard,
  "server.json": serverDashboard,
};

export const DASHBOARD_DIR = "dashboards/grafana";
