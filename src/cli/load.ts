import { setMaxListeners } from "node:events";
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { type Command, InvalidArgumentError, Option } from "commander";
import { probeTarget } from "../../clients/probe.js";
import { readCaFile, type TlsSettings, tlsClientOptions } from "../../clients/tls.js";
import { createLoadMetrics, type LoadMetrics } from "../../metrics/load-metrics.js";
import type { BudgetFile } from "../../scenarios/budgets/budget-file.js";
import { gate } from "../../scenarios/budgets/gate.js";
import { unreachableJunit } from "../../scenarios/budgets/junit.js";
import { scenarioMetrics } from "../../scenarios/budgets/scenario-metrics.js";
import { plannedArrivals } from "../../scenarios/engine/arrivals.js";
import { connectionLoss } from "../../scenarios/engine/connection-loss.js";
import { exportMetrics } from "../../scenarios/engine/export-metrics.js";
import {
  combinedFirstLoopRate,
  expectsMessages,
  longestSchedule,
  sendingUsers,
} from "../../scenarios/engine/flow-plan.js";
import { Measurements } from "../../scenarios/engine/measurements.js";
import { buildReport, withStatus } from "../../scenarios/engine/report.js";
import { type ConnectFailureLimit, judgeRun, statusLine } from "../../scenarios/engine/run-problems.js";
import { type RunPlan, ratePerUser, runScenario } from "../../scenarios/engine/runner.js";
import type { Phase, Scenario } from "../../scenarios/engine/scenario.js";
import { htmlReport } from "../../scenarios/report/html-report.js";
import { judged } from "../../scenarios/report/judged-report.js";
import { showProgress } from "../../scenarios/report/progress.js";
import { summaryTable } from "../../scenarios/report/summary-table.js";
import { fmtRate } from "../../scenarios/report/table.js";
import { applyBudgets, checkBudgetsFit, readBudgets, registerGate } from "./gate.js";
import { nonNegativeInt, nonNegativeNumber, port } from "./parse.js";
import { describeNeeds, loadScenario } from "./scenario-vars.js";
import { EXIT, UsageError } from "./usage-error.js";
import { VERSION } from "./version.js";

export interface LoadFlags {
  target?: string;
  rate?: number;
  duration?: number;
  /** Users at once; undefined: the script's `config.phases`, or 10 at once without phases. */
  vus?: number;
  sioVersion?: 2 | 4 | "auto";
  ca?: string;
  insecure?: boolean;
  /** Default: no user may fail to connect. */
  maxConnectFailures?: ConnectFailureLimit;
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
    .addOption(
      new Option(
        "--rate <n>",
        "target send rate: msg/s over the users that run an openLoop, shared equally (with phases: over every user the phases start)",
      ).argParser(positive),
    )
    .addOption(
      new Option(
        "--duration <s>",
        "length of every openLoop and hold, in seconds (phases keep their timing)",
      ).argParser(positive),
    )
    .addOption(
      new Option(
        "--vus <n>",
        "virtual users connected at once, instead of the script's config.phases (default: the phases, or 10 at once)",
      ).argParser(positiveInt),
    )
    .addOption(
      new Option("--sio-version <v>", "Socket.IO generation: 2, 4 or auto (probed; overrides volley.clientVersion)")
        .argParser(sioVersion)
        .default("auto"),
    )
    .option("--ca <file>", "PEM file with the CA (or self-signed certificate) of an HTTPS target")
    .option("--insecure", "do not verify an HTTPS target's certificate")
    .addOption(
      new Option(
        "--max-connect-failures <n|p%>",
        "users that may fail to connect before the run fails (exit 1), a count or a percentage",
      )
        .argParser(connectFailureLimit)
        .default({ count: 0 }, "0"),
    )
    .option("--budgets <file>", "budgets JSON file: check them at the end, exit 1 if one is exceeded")
    .option(
      "--junit <file>",
      "with --budgets, also write the verdicts as JUnit XML (an unreachable target: one error case)",
    )
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
      else process.exitCode = await runLoad(scenario, flags, process.env);
    });
}

function sioVersion(text: string): 2 | 4 | "auto" {
  if (text === "auto") return "auto";
  if (text === "2" || text === "4") return Number(text) as 2 | 4;
  throw new InvalidArgumentError(`expected 2, 4 or auto, got "${text}"`);
}

function connectFailureLimit(text: string): ConnectFailureLimit {
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(text)?.[1];
  if (percent !== undefined && Number(percent) <= 100) return { percent: Number(percent) };
  if (/^\d+$/.test(text)) return { count: Number(text) };
  throw new InvalidArgumentError(`expected a count (3) or a percentage up to 100% (5%), got "${text}"`);
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

/** Runs one scenario (also for `volley start`); true when it ran, passed and every budget (if any) holds. */
export async function load(
  name: string,
  flags: LoadFlags,
  env: Readonly<Record<string, string | undefined>>,
): Promise<boolean> {
  return (await runLoad(name, flags, env)) === EXIT.ok;
}

/** 128 + SIGINT, what a shell reports for a command Ctrl-C stopped; the partial report is written first. */
const EXIT_INTERRUPTED = 130;

/**
 * Runs one scenario and returns the exit code: 0 pass; 1 a budget exceeded, users that never connected beyond
 * `--max-connect-failures`, or nothing delivered; 130 stopped by Ctrl-C. A usage error, a target that does not
 * answer as Socket.IO (probed before any user starts; no report written, only `--junit` with one error case) or
 * one lost mid-run throws `UsageError` (2).
 * `env` is where `VOLLEY_VAR_<NAME>` values are read from. Variables and budgets are checked before any connection.
 */
export async function runLoad(
  name: string,
  flags: LoadFlags,
  env: Readonly<Record<string, string | undefined>>,
): Promise<number> {
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
  const shape = loadShape(scenario, flags, script.config.phases, label);
  const tls = tlsSettings(flags);
  // Reach the target before any user starts: nothing that answers as Socket.IO is one line and exit 2, and no
  // report is written (or an earlier one overwritten). Two handshakes at most, 2 s each: under 5 s in all.
  const probe = await probeTarget(target, { timeoutMs: 2_000, tls, sioVersion: flags.sioVersion ?? "auto" });
  if (!probe.ok) {
    if (flags.junit !== undefined) writeFileSync(flags.junit, unreachableJunit(label, probe.message));
    throw new UsageError(probe.message, { hint: null });
  }
  // Ctrl-C ends the run early but still settles what was sent and writes the reports, marked partial.
  const stop = new AbortController();
  // Every waiting user listens on this one signal: as many listeners as users is expected, not a leak.
  setMaxListeners(0, stop.signal);
  const onSignal = () => {
    process.stderr.write("\nstopping: settling messages in flight, then writing the partial report\n");
    stop.abort();
  };
  const plan: RunPlan = {
    target,
    vus: shape.users,
    phases: shape.phases,
    rate: flags.rate,
    durationSeconds: flags.duration,
    signal: stop.signal,
    clientVersion: probe.version,
    tls: tlsClientOptions(tls),
  };

  const m = new Measurements();
  const metrics = createLoadMetrics();
  const detach = exportMetrics(m, metrics, label, { budgets });
  const server = flags.metricsPort === undefined ? undefined : await serveMetrics(metrics, flags.metricsPort);
  process.stderr.write(
    `volley load ${label}: ${shape.describe} against ${target} (Socket.IO ${probe.version})` +
      `, target send rate ${shape.targetRate === null ? "none (no openLoop)" : `${fmtRate(shape.targetRate)} msg/s`}` +
      `${flags.duration === undefined ? "" : `, loops and holds ${flags.duration} s`}` +
      `${server === undefined ? "" : `; metrics on http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`}\n`,
  );
  const stopProgress = showProgress(m, process.stderr, shape.scheduledSeconds);
  process.once("SIGINT", onSignal);
  try {
    await runScenario(scenario, plan, m);
  } finally {
    process.off("SIGINT", onSignal);
    stopProgress();
    detach();
    await new Promise((resolve) => (server === undefined ? resolve(undefined) : server.close(resolve)));
  }

  const partial = stop.signal.aborted;
  const built = buildReport(m, {
    scenario: label,
    target,
    plan: { vus: shape.users, rate: flags.rate ?? null, durationSeconds: flags.duration ?? null },
    targetRate: shape.targetRate,
  });
  const judgement = judgeRun(built, {
    maxConnectFailures: flags.maxConnectFailures ?? { count: 0 },
    expectsMessages: expectsMessages(scenario.flow, shape.users),
  });
  const report = withStatus(built, statusLine(judgement, partial), partial);
  mkdirSync(flags.report, { recursive: true });
  // Budgets are judged once, on the final report, and their verdicts written into it for the HTML report and CI.
  const verdicts = budgets === undefined ? undefined : gate(report, budgets);
  const written = judged(report, verdicts, { volley: VERSION, node: process.version, scenarioFile: loaded.path });
  writeFileSync(join(flags.report, "report.json"), `${JSON.stringify(written, null, 2)}\n`);
  writeFileSync(join(flags.report, "report.html"), htmlReport(written));
  process.stderr.write(`\n${summaryTable(report)}\n\nreport: ${join(flags.report, "report.json")} and report.html\n`);
  const withinBudgets = verdicts === undefined || applyBudgets(report, verdicts, flags.junit);
  if (partial) return EXIT_INTERRUPTED;
  // A run that lost the target measured the outage, whatever its budgets say: a connection error, exit 2.
  const lost = connectionLoss(report);
  if (lost !== undefined) throw new UsageError(`${lost}; the report counts every message it affected`);
  return withinBudgets && judgement.problems.length === 0 ? EXIT.ok : EXIT.failed;
}

/** Who arrives when and what they send, resolved once from the flags and the script. */
interface LoadShape {
  /** Users at once (no phases), or the number the phases start. */
  readonly users: number;
  readonly phases: readonly Phase[] | undefined;
  readonly describe: string;
  /** Planned msg/s of every sending user in its first open loop at once; null when none sends on a schedule. */
  readonly targetRate: number | null;
  /** When the last arrival's schedule ends (pauses, loops, holds; not the waits for replies). */
  readonly scheduledSeconds: number;
}

/** `--vus` replaces the script's phases with users at once; without phases, 10 users at once. */
function loadShape(
  scenario: Scenario,
  flags: LoadFlags,
  scriptPhases: readonly Phase[] | undefined,
  label: string,
): LoadShape {
  const phases = flags.vus === undefined ? scriptPhases : undefined;
  const arrivals = phases === undefined ? undefined : plannedArrivals(phases);
  const users = arrivals?.count ?? flags.vus ?? 10;
  if (flags.rate !== undefined && sendingUsers(scenario.flow, users) === 0) {
    throw new UsageError(`--rate: no user of ${label} runs an openLoop, so there is no send rate to set`);
  }
  const perUser = ratePerUser(scenario.flow, flags.rate, users);
  const rate = combinedFirstLoopRate(scenario.flow, users, perUser);
  const lastArrival = (arrivals?.endMs ?? 0) / 1000;
  return {
    users,
    phases,
    describe:
      arrivals === undefined
        ? `${users} users at once`
        : `${users} users over ${phases?.length} phase${phases?.length === 1 ? "" : "s"} (${lastArrival.toFixed(1)} s)`,
    targetRate: sendingUsers(scenario.flow, users) === 0 ? null : rate,
    scheduledSeconds: lastArrival + longestSchedule(scenario.flow, users, flags.duration),
  };
}

function tlsSettings(flags: LoadFlags): TlsSettings {
  if (flags.ca === undefined) return flags.insecure === true ? { insecure: true } : {};
  const ca = readCaFile(flags.ca);
  if (!ca.ok) throw new UsageError(ca.message);
  return { ca: ca.value, ...(flags.insecure === true ? { insecure: true } : {}) };
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
