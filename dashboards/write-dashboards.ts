import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { allDashboards, DASHBOARD_DIR } from "./all-dashboards.js";

// `npm run dashboards`: regenerates dashboards/grafana/*.json, formatted by the project's formatter so that the lint
// step accepts them; test/dashboards/lint.test.ts fails while one differs from its source here.
const root = join(import.meta.dirname, "..");
for (const [file, d] of Object.entries(allDashboards))
  writeFileSync(join(root, DASHBOARD_DIR, file), JSON.stringify(d));
execFileSync(join(root, "node_modules", ".bin", "biome"), ["format", "--write", DASHBOARD_DIR], {
  cwd: root,
  stdio: "ignore",
});
