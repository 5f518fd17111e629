import { readFileSync } from "node:fs";
import { join } from "node:path";
import { budgetFileSchema } from "../../scenarios/budgets/budget-file.js";
import { gate, type Verdict } from "../../scenarios/budgets/gate.js";
import { Measurements } from "../../scenarios/engine/measurements.js";
import { buildReport, type LoadReport } from "../../scenarios/engine/report.js";
import { runScenario } from "../../scenarios/engine/runner.js";
import { loadScript } from "../../scenarios/engine/script-file.js";

const scenariosDir = join(import.meta.dirname, "..", "..", "scenarios");

/**
 * Runs a ready scenario of `scenarios/` in-process, as `volley load` does, and checks its own budgets file.
 * Returns the report and the budget lines that failed (none when the budgets hold).
 */
export async function runScenarioFile(
  name: string,
  target: string,
  plan: { vus: number; rate?: number; durationSeconds?: number },
  vars: Record<string, string> = {},
): Promise<{ report: LoadReport; failed: Verdict[] }> {
  const loaded = loadScript(join(scenariosDir, `${name}.yml`), scenariosDir, vars);
  if (!loaded.ok) throw new Error(`${loaded.path}: ${loaded.problem}`);
  const scenario = loaded.script.scenarios[0];
  if (scenario === undefined) throw new Error(`${loaded.path}: no scenario`);
  const m = new Measurements();
  await runScenario(scenario, { target, ...plan }, m);
  const report = buildReport(m, {
    scenario: name,
    target,
    plan: { vus: plan.vus, rate: plan.rate ?? null, durationSeconds: plan.durationSeconds ?? null },
  });
  const budgets = budgetFileSchema.parse(JSON.parse(readFileSync(join(scenariosDir, `${name}.budgets.json`), "utf8")));
  return { report, failed: gate(report, budgets).filter((v) => !v.pass) };
}
