import { setMaxListeners } from "node:events";
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { type Command, InvalidArgumentError, Option } from "commander";
import { createLoadMetrics, type LoadMetrics } from "../../metrics/load-metrics.js";
import type { BudgetFile } from "../../scenarios/budgets/budget-file.js";
import { scenarioMetrics } from "../../scenarios/budgets/scenario-metrics.js";
import { connectionLoss } from "../../scenarios/engine/connection-loss.js";
import { exportMetrics } from "../../scenarios/engine/export-metrics.js";
import { Measurements } from "../../scenarios/engine/measurements.js";
import { buildReport } from "../../scenarios/engine/report.js";
import { type RunPlan, runScenario } from "../../scenarios/engine/runner.js";
import { htmlReport } from "../../scenarios/report/html-report.js";
import { showProgress } from "../../scenarios/report/progress.js";
import { summaryTable } from "../../scenarios/report/summary-table.js";
import { applyBudgets, checkBudgetsFit, readBudgets, registerGate } from "./gate.js";
import { nonNegativeInt, nonNegativeNumber, port } from "./parse.js";
import { describeNeeds, loadScenario } from "./scenario-vars.js";
import { EXIT, UsageError } from "./usage-error.js";

export interface LoadFlags {
  target?: string;
  rate?: number;
  duration?: number;
  vus: number;
  budgets?: string;
  junit?: string;
  report: string;
  metricsPort?: number;
  scenarioName?: string;
  var: Record<string, string>;
  fixtures?: string;
}

/** `volley load` and `volley gate`: one registration for main.ts. */
export function registerLoadCommands(program: Command): void {
  registerGate(program);
  program
    .command("load")
    .description("run a load scenario against a Socket.IO server, with a report and optional budgets")
    .argument("<scenario>", "scenario name in scenarios/ (e.g. nestmtx-log-flood) or path to an Artillery script")
    .option("--target <url>", "server base URL (default: the script's config.target)")
    .addOption(new Option("--rate <n>", "acked emits per second over all users (open model)").argParser(positive))
    .addOption(new Option("--duration <s>", "length of each user's loop or hold, in seconds").argParser(positive))
    .addOption(new Option("--vus <n>", "virtual users (sockets), connected at once").argParser(positiveInt).default(10))
    .option("--budgets <file>", "budgets JSON file: check them at the end, exit 1 if one is exceeded")
    .option("--junit <file>", "with --budgets, also write the verdicts as JUnit XML")
    .option("--report <dir>", "directory for report.json and report.html", "reports/load")
    .addOption(
      new Option("--metrics-port <n>", "serve Prometheus /metrics on 127.0.0.1 during the run").argParser(port),
    )
    .option("--scenario-name <name>", "which scenario of the script to run (default: the first)")
    .option(
      "--var <name=value>",
      "a value for {{var.name}} in the script (repeatable; or VOLLEY_VAR_<NAME>)",
      collectVar,
      {},
    )
    .option("--fixtures <file>", "JSON of what exists on the target, as volley conformance --fixtures reads it")
    .option("--list-vars", "list the variables the scenario needs, and where each may come from, then exit")
    .action(async (scenario: string, flags: LoadFlags & { listVars?: boolean }) => {
      if (flags.listVars) process.stdout.write(`${describeNeeds(scenario)}\n`);
      else if (!(await load(scenario, flags, process.env))) process.exitCode = EXIT.failed;
    });
}

function collectVar(text: string, vars: Record<string, string>): Record<string, string> {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new InvalidArgumentError(`expected name=value, got "${text}"`);
  return { ...vars, [text.slice(0, eq)]: text.slice(eq + 1) };
}

function positive(text: string): number {
  const n = nonNegativeNumber(text);
  if (n === 0) throw new InvalidArgumentError(`expected a number > 0, got "${text}"`);
  return n;
}

function positiveInt(text: string): number {
  const n = nonNegativeInt(text);
  if (n === 0) throw new InvalidArgumentError(`expected a whole number > 0, got "${text}"`);
  return n;
}

/**
 * Runs one scenario (also for `volley start`); true when it ran and every budget (if any) holds. `env` is where
 * `VOLLEY_VAR_<NAME>` values are read from. Variables and budgets are checked before any connection.
 */
export async function load(
  name: string,
  flags: LoadFlags,
  env: Readonly<Record<string, string | undefined>>,
): Promise<boolean> {
  const loaded = loadScenario(name, { vars: flags.var, env, fixturesFile: flags.fixtures });
  const { script } = loaded;
  const scenario =
    flags.scenarioName === undefined
      ? script.scenarios[0]
      : script.scenarios.find((s) => s.name === flags.scenarioName);
  if (scenario === undefined) throw new UsageError(`no scenario named "${flags.scenarioName}" in ${loaded.path}`);
  const target = flags.target ?? script.config.target;
  if (target === undefined) throw new UsageError("no --target and no config.target in the script");
  const budgets: BudgetFile | undefined = flags.budgets === undefined ? undefined : readBudgets(flags.budgets);
  const { label } = loaded;
  if (budgets !== undefined && flags.budgets !== undefined) {
    checkBudgetsFit(budgets, flags.budgets, label, scenarioMetrics(scenario));
  }
  // Ctrl-C ends the run early but still settles what was sent and writes the reports.
  const stop = new AbortController();
  // Every waiting user listens on this one signal: as many listeners as users is expected, not a leak.
  setMaxListeners(0, stop.signal);
  const onSignal = () => {
    process.stderr.write("\nstopping: settling messages in flight, then writing the report\n");
    stop.abort();
  };
  const plan: RunPlan = {
    target,
    vus: flags.vus,
    rate: flags.rate,
    durationSeconds: flags.duration,
    signal: stop.signal,
  };

  const m = new Measurements();
  const metrics = createLoadMetrics();
  const detach = exportMetrics(m, metrics, label, { rate: flags.rate, budgets });
  const server = flags.metricsPort === undefined ? undefined : await serveMetrics(metrics, flags.metricsPort);
  process.stderr.write(
    `volley load ${label}: ${flags.vus} users against ${target}` +
      `${flags.rate === undefined ? "" : `, ${flags.rate} msg/s`}${flags.duration === undefined ? "" : ` for ${flags.duration} s`}` +
      `${server === undefined ? "" : `; metrics on http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`}\n`,
  );
  const stopProgress = showProgress(m, process.stderr, flags.duration);
  process.once("SIGINT", onSignal);
  try {
    await runScenario(scenario, plan, m);
  } finally {
    process.off("SIGINT", onSignal);
    stopProgress();
    detach();
    await new Promise((resolve) => (server === undefined ? resolve(undefined) : server.close(resolve)));
  }

  const report = buildReport(m, {
    scenario: label,
    target,
    plan: { vus: flags.vus, rate: flags.rate ?? null, durationSeconds: flags.duration ?? null },
  });
  mkdirSync(flags.report, { recursive: true });
  writeFileSync(join(flags.report, "report.json"), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(flags.report, "report.html"), htmlReport(report));
  process.stderr.write(`\n${summaryTable(report)}\n\nreport: ${join(flags.report, "report.json")} and report.html\n`);
  const withinBudgets = budgets === undefined || applyBudgets(report, budgets, flags.junit);
  // A run that lost the target measured the outage, whatever its budgets say: a connection error, exit 2.
  const lost = connectionLoss(report);
  if (lost !== undefined) throw new UsageError(`${lost}; the report counts every message it affected`);
  return withinBudgets;
}

function serveMetrics(metrics: LoadMetrics, metricsPort: number): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url !== "/metrics") {
      res.writeHead(404).end();
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { "content-type": metrics.registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  return new Promise((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) =>
      reject(new UsageError(`cannot serve metrics on port ${metricsPort}: ${err.code ?? err.message}`)),
    );
    server.listen(metricsPort, "127.0.0.1", () => resolve(server));
  });
}
