import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { budgetFileSchema } from "../../scenarios/budgets/budget-file.js";
import { gate, type Verdict } from "../../scenarios/budgets/gate.js";
import { scenarioMetrics } from "../../scenarios/budgets/scenario-metrics.js";
import { Measurements } from "../../scenarios/engine/measurements.js";
import { buildReport, type LoadReport } from "../../scenarios/engine/report.js";
import { runScenario } from "../../scenarios/engine/runner.js";
import { loadScenario, readDeclared } from "../../src/cli/scenario-vars.js";
import { embeddedLoadCredentials, embeddedLoadFixtures } from "../../src/embedded/load-runs.js";

const scenariosDir = join(import.meta.dirname, "..", "..", "scenarios");

/**
 * Runs a ready scenario of `scenarios/` in-process, as `volley load` does, and checks its own budgets file. Its
 * variables come as for `volley start`: the demo data as a fixtures file and credentials; `vars` override them.
 * Returns the report and the budget lines that failed (none when the budgets hold).
 */
export async function runScenarioFile(
  name: string,
  target: string,
  plan: { vus: number; rate?: number; durationSeconds?: number },
  vars: Record<string, string> = {},
): Promise<{ report: LoadReport; failed: Verdict[] }> {
  const path = join(scenariosDir, `${name}.yml`);
  const api = readDeclared(path).declaration.api;
  const fixturesFile = join(mkdtempSync(join(tmpdir(), "volley-fixtures-")), "fixtures.json");
  writeFileSync(fixturesFile, JSON.stringify(embeddedLoadFixtures()));
  const credentials = api === undefined ? {} : embeddedLoadCredentials(api);
  const loaded = loadScenario(path, { vars: { ...credentials, ...vars }, env: {}, fixturesFile });
  const scenario = loaded.script.scenarios[0];
  if (scenario === undefined) throw new Error(`${loaded.path}: no scenario`);
  const m = new Measurements();
  await runScenario(scenario, { target, ...plan }, m);
  const report = buildReport(m, {
    scenario: name,
    target,
    plan: { vus: plan.vus, rate: plan.rate ?? null, durationSeconds: plan.durationSeconds ?? null },
  });
  // The metrics a budget may name are derived from the steps: every metric a run reports must be among them.
  const derived = scenarioMetrics(scenario);
  const underived = Object.keys(report.metrics).filter((m) => !derived.has(m));
  if (underived.length > 0)
    throw new Error(`${name} reported metrics scenarioMetrics() misses: ${underived.join(", ")}`);
  const budgets = budgetFileSchema.parse(JSON.parse(readFileSync(join(scenariosDir, `${name}.budgets.json`), "utf8")));
  return { report, failed: gate(report, budgets).filter((v) => !v.pass) };
}
