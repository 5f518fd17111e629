import { readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { z } from "zod";
import { type BudgetFile, budgetFileSchema } from "../../scenarios/budgets/budget-file.js";
import { gate, type Verdict } from "../../scenarios/budgets/gate.js";
import { junitXml } from "../../scenarios/budgets/junit.js";
import { type LoadReport, loadReportSchema, mergeReports } from "../../scenarios/engine/report.js";
import { verdictTable } from "../../scenarios/report/verdict-table.js";
import { readJsonFile } from "./parse.js";
import { EXIT, UsageError } from "./usage-error.js";

export function readBudgets(path: string): BudgetFile {
  const parsed = budgetFileSchema.safeParse(readJsonFile(path, "budgets"));
  if (!parsed.success) throw new UsageError(`budgets file ${path} is invalid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
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
    if (!parsed.success) throw new UsageError(`${f} is not a Volley load report: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  });
  if (reports.length === 0) throw new UsageError(`no load reports in ${paths.join(", ")}`);
  return reports.length === 1 && reports[0] !== undefined ? reports[0] : mergeReports(reports);
}

/** Checks, prints the table and `ok:`/`fail:` lines on stderr, writes JUnit if asked; true when all budgets hold. */
export function applyBudgets(report: LoadReport, budgets: BudgetFile, junit: string | undefined): boolean {
  const verdicts: Verdict[] = gate(report, budgets);
  process.stderr.write(`\n${verdictTable(verdicts)}\n`);
  if (junit !== undefined) writeFileSync(junit, junitXml(`volley budgets: ${report.scenario}`, verdicts));
  return verdicts.every((v) => v.pass);
}

export function registerGate(program: Command): void {
  program
    .command("gate")
    .description("check a load report against a budgets file; exit 1 when a budget is exceeded")
    .argument("<report...>", "report JSON file(s) or a directory of them (merged)")
    .requiredOption("--budgets <file>", "budgets JSON file")
    .option("--junit <file>", "also write the verdicts as JUnit XML")
    .action((reports: string[], flags: { budgets: string; junit?: string }) => {
      const budgets = readBudgets(flags.budgets);
      if (!applyBudgets(readReports(reports), budgets, flags.junit)) process.exitCode = EXIT.failed;
    });
}
