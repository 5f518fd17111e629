import { readdirSync, statSync, writeFileSync } from "node:fs";
import { basename, extname, join } from "node:path";
import type { Command } from "commander";
import { type BudgetFile, budgetFileSchema } from "../../scenarios/budgets/budget-file.js";
import { gate, type Verdict } from "../../scenarios/budgets/gate.js";
import { budgetsJunit } from "../../scenarios/budgets/junit.js";
import { scenarioMetrics } from "../../scenarios/budgets/scenario-metrics.js";
import { type LoadReport, loadReportSchema, mergeReports } from "../../scenarios/engine/report.js";
import { readScript } from "../../scenarios/engine/script-file.js";
import { htmlReport } from "../../scenarios/report/html-report.js";
import { judged } from "../../scenarios/report/judged-report.js";
import { verdictTable } from "../../scenarios/report/verdict-table.js";
import { oneLine, readJsonFile } from "./parse.js";
import { readUnfilled } from "./scenario-vars.js";
import { EXIT, UsageError } from "./usage-error.js";

export function readBudgets(path: string): BudgetFile {
  const parsed = budgetFileSchema.safeParse(readJsonFile(path, "budgets"));
  if (!parsed.success) throw new UsageError(`budgets file ${path} is invalid: ${oneLine(parsed.error)}`);
  return parsed.data;
}

/**
 * A budgets file that cannot apply to this scenario is a configuration error, found before any connection: its
 * `scenario` names another one, or it budgets a metric the scenario never produces (a typo never met). `produced`
 * is undefined when the scenario's script is not at hand (`volley gate` on a report of a script not in scenarios/).
 */
export function checkBudgetsFit(
  budgets: BudgetFile,
  path: string,
  scenario: string,
  produced: ReadonlySet<string> | undefined,
): void {
  if (budgets.scenario !== undefined && budgets.scenario !== scenario) {
    throw new UsageError(`budgets file ${path} is for scenario ${budgets.scenario}, not ${scenario}`);
  }
  if (produced === undefined) return;
  const unknown = Object.keys(budgets.metrics).filter((m) => !produced.has(m));
  if (unknown.length > 0) {
    throw new UsageError(
      `budgets file ${path} names ${unknown.length === 1 ? "a metric" : "metrics"} scenario ${scenario} never produces: ` +
        `${unknown.join(", ")} (it produces: ${[...produced].sort().join(", ")})`,
    );
  }
}

/** One report, or several (files, or a directory of Artillery worker reports) merged into one. */
export function readReports(paths: readonly string[]): LoadReport {
  const files = paths.flatMap((p) =>
    statSync(p, { throwIfNoEntry: false })?.isDirectory()
      ? readdirSync(p)
          .filter((f) => f.endsWith(".json"))
          .map((f) => join(p, f))
      : [p],
  );
  const reports = files.map((f) => {
    const parsed = loadReportSchema.safeParse(readJsonFile(f, "report"));
    if (!parsed.success) throw new UsageError(`${f} is not a Volley load report: ${oneLine(parsed.error)}`);
    return parsed.data;
  });
  if (reports.length === 0) throw new UsageError(`no load reports in ${paths.join(", ")}`);
  return reports.length === 1 && reports[0] !== undefined ? reports[0] : mergeReports(reports);
}

/** Prints the verdicts' table and `ok:`/`fail:` lines on stderr, writes JUnit if asked; true when all budgets hold. */
export function applyBudgets(report: LoadReport, verdicts: readonly Verdict[], junit: string | undefined): boolean {
  process.stderr.write(`\n${verdictTable(verdicts)}\n`);
  if (junit !== undefined) writeFileSync(junit, budgetsJunit(report, verdicts));
  return verdicts.every((v) => v.pass);
}

export function registerGate(program: Command): void {
  program
    .command("gate")
    .description("check a load report against a budgets file; exit 1 when a budget is exceeded")
    .argument("<report...>", "report JSON file(s) or a directory of them (merged)")
    .requiredOption("--budgets <file>", "budgets JSON file")
    .option("--junit <file>", "also write the verdicts as JUnit XML")
    .option("--html <file>", "also write the (merged) report as HTML, with the verdicts")
    .option(
      "--scenario <name|file>",
      "the scenario the reports ran (default: the report's own name; Artillery worker reports are named artillery)",
    )
    .action((reports: string[], flags: { budgets: string; junit?: string; html?: string; scenario?: string }) => {
      const budgets = readBudgets(flags.budgets);
      const report = readReports(reports);
      const scenario = flags.scenario ?? report.scenario;
      checkBudgetsFit(budgets, flags.budgets, basename(scenario, extname(scenario)), producedBy(scenario, flags));
      const verdicts = gate(report, budgets);
      if (flags.html !== undefined) writeFileSync(flags.html, htmlReport(judged(report, verdicts)));
      if (!applyBudgets(report, verdicts, flags.junit)) process.exitCode = EXIT.failed;
    });
}

/**
 * The metrics the scenario can produce, when its script is found (`--scenario`, or the report's name in scenarios/);
 * a `--scenario` that names no script is a usage error, a report's name that names none leaves the check out.
 */
function producedBy(scenario: string, flags: { scenario?: string }): Set<string> | undefined {
  if (flags.scenario === undefined && !readScript(scenario, "scenarios").ok) return undefined;
  return new Set(readUnfilled(scenario).scenarios.flatMap((s) => [...scenarioMetrics(s)]));
}
