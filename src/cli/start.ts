import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { suites } from "../../conformance/registry.js";
import { renderSummary } from "../../conformance/report/summary.js";
import type { Report } from "../../conformance/runner/result.js";
import { runSuite } from "../../conformance/runner/run-suite.js";
import { API_NAMES, type ApiName } from "../../protocols/protocol.js";
import { silentLogger } from "../../reference-server/logger.js";
import { resolveServerOptions } from "../../reference-server/options.js";
import { type ReferenceServer, startReferenceServer } from "../../reference-server/start.js";
import { embeddedConformance } from "../embedded/conformance-targets.js";
import {
  embeddedLoadCredentials,
  embeddedLoadFixtures,
  embeddedLoadRuns,
  embeddedLoadServerOptions,
} from "../embedded/load-runs.js";
import { load } from "./load.js";
import { nonNegativeInt, port } from "./parse.js";
import { describeServer, startExplained } from "./serve.js";
import { EXIT, UsageError } from "./usage-error.js";

interface StartFlags {
  runs: number;
  seed?: number;
  load: boolean;
  conformance: boolean;
  report: string;
  port: number;
  serve: boolean;
}

/**
 * `volley start`: the main job — every conformance suite and a short run of every scenario on the embedded server.
 * One server serves all five APIs for the whole job, and its URLs and credentials come first, so a person can point
 * their own client at it while the job runs (or after it, with --serve). The conformance suites get servers of their
 * own, started with the fixtures each suite is told about.
 */
export function registerStart(program: Command): void {
  program
    .command("start")
    .description("the main job: every conformance suite and a short load run per scenario, on the embedded server")
    .option("--runs <n>", "generated inputs / model sequences per property", nonNegativeInt, 10)
    .option("--seed <n>", "fast-check seed (default: random, printed)", nonNegativeInt)
    .option("--no-load", "skip the load runs")
    .option("--no-conformance", "skip the conformance suites")
    .option("--report <dir>", "where the load reports go", "reports/start")
    .option("--port <n>", "first port of the embedded server; API i listens on port + i (0 = free ports)", port, 0)
    .option("--serve", "keep the embedded server up after the verdict, until Ctrl-C")
    .action(async (flags: StartFlags) => {
      const options = resolveServerOptions(embeddedLoadServerOptions);
      const server = await startExplained({
        apis: [...API_NAMES],
        port: flags.port,
        options,
        fixtures: {},
        log: () => silentLogger,
      });
      try {
        out("Volley main job: the five documented APIs on the embedded reference server", "");
        out(describeServer(server, options));
        process.exitCode = (await start(server, flags)) ? EXIT.ok : EXIT.failed;
        if (flags.serve) {
          // Listening before saying so: a Ctrl-C right after the line must close the server, not kill it.
          const interrupted = untilInterrupted();
          out("", "Still serving the five APIs above. Ctrl-C to stop.");
          await interrupted;
        }
      } finally {
        await server.close();
      }
    });
}

const out = (...lines: string[]) => process.stdout.write(`${lines.join("\n")}\n`);

async function start(server: ReferenceServer, flags: StartFlags): Promise<boolean> {
  const seed = flags.seed ?? Math.floor(Math.random() * 2 ** 31);
  const reports = flags.conformance ? await conformanceSection(seed, flags.runs) : [];
  const loads = flags.load ? await loadSection(server, flags.report) : [];
  const failedApis = reports.filter((r) => r.exitCode !== 0).map((r) => r.api);
  const failedLoads = loads.filter((l) => !l.ok).map((l) => l.scenario);
  out("", "Verdict");
  if (flags.conformance) {
    out(
      `  conformance  ${reports.length - failedApis.length}/${reports.length} APIs pass every check${list(failedApis)}`,
    );
  }
  if (flags.load)
    out(
      `  load         ${loads.length - failedLoads.length}/${loads.length} scenarios within budgets${list(failedLoads)}`,
    );
  out(`  reproduce    volley start --seed ${seed} --runs ${flags.runs}`);
  return failedApis.length === 0 && failedLoads.length === 0;
}

const untilInterrupted = () =>
  new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });

const list = (names: readonly string[]) => (names.length === 0 ? "" : ` (not: ${names.join(", ")})`);

/** Each API's suite against a reference server of its own, started with the fixtures the suite is told about. */
async function conformanceSection(seed: number, runs: number): Promise<Report[]> {
  out("", `Conformance: volley conformance --api <api> (seed ${seed}, ${runs} runs)`);
  out(
    `  ${"api".padEnd(16)} ${"checks".padStart(6)} ${"passed".padStart(6)} ${"failed".padStart(6)} ${"skipped".padStart(7)} ${"blocked".padStart(7)} ${"errors".padStart(6)}   time`,
  );
  const reports: Report[] = [];
  for (const api of API_NAMES) {
    const setup = embeddedConformance[api];
    const server = await startReferenceServer({
      apis: [api],
      port: 0,
      options: resolveServerOptions(setup.serverOptions ?? {}),
      fixtures: setup.serverFixtures === undefined ? {} : { [api]: setup.serverFixtures },
      log: () => silentLogger,
    });
    try {
      const url = server.apis[0]?.url ?? "";
      const run = await runSuite(suites[api], {
        api,
        target: url,
        credentials: setup.credentials,
        fixtures: setup.fixtures(url),
        seed,
        runs,
        timeoutMs: 2_000,
        silenceMs: 300,
        deadlineMs: 30_000,
        checks: [],
        expectations: { expectedFailures: {} },
        sioVersion: "auto",
        strict: true,
      });
      if (!run.ok) throw new UsageError(`${api}: ${run.message}`);
      const r = run.value;
      const c = r.counts;
      out(
        `  ${api.padEnd(16)} ${String(r.results.length).padStart(6)} ${String(c.pass).padStart(6)} ${String(c.fail).padStart(6)} ${String(c.skip).padStart(7)} ${String(c.blocked).padStart(7)} ${String(c.error).padStart(6)}   ${(r.durationMs / 1000).toFixed(1)} s`,
      );
      if (r.exitCode !== 0) out(renderSummary(r));
      reports.push(r);
    } finally {
      await server.close();
    }
  }
  return reports;
}

/** Every scenario, shortened, against the embedded server, with the scenario's own budgets. */
async function loadSection(server: ReferenceServer, reportDir: string): Promise<{ scenario: string; ok: boolean }[]> {
  // The demo data goes in as a user's own would: a fixtures file, and credentials as --var.
  const fixtures = join(reportDir, "fixtures.json");
  mkdirSync(reportDir, { recursive: true });
  writeFileSync(fixtures, `${JSON.stringify(embeddedLoadFixtures(), null, 2)}\n`);
  out(
    "",
    `Load: volley load <scenario> --budgets scenarios/<scenario>.budgets.json --fixtures ${fixtures} --var ...`,
    `  (short runs; reports in ${reportDir})`,
  );
  const urlOf = (api: ApiName) => server.apis.find((a) => a.api === api)?.url;
  const results: { scenario: string; ok: boolean }[] = [];
  for (const run of embeddedLoadRuns) {
    out(`  ${run.scenario} ...`);
    const ok = await load(
      run.scenario,
      {
        target: urlOf(run.api),
        vus: run.vus,
        rate: run.rate,
        duration: run.durationSeconds,
        budgets: join("scenarios", `${run.scenario}.budgets.json`),
        report: join(reportDir, run.scenario),
        fixtures,
        var: embeddedLoadCredentials(run.api),
      },
      // The person's own VOLLEY_VAR_* are for their server, not the embedded one.
      {},
    );
    out(`  ${run.scenario.padEnd(28)} ${ok ? "within budgets" : "BUDGET EXCEEDED"}`);
    results.push({ scenario: run.scenario, ok });
  }
  return results;
}
