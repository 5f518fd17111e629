import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type Command, Option } from "commander";
import { describeOptions, resolveConformanceOptions, type SettingsLayer } from "../../conformance/options.js";
import { suites } from "../../conformance/registry.js";
import { renderHtml } from "../../conformance/report/html.js";
import { renderJunit } from "../../conformance/report/junit.js";
import { liveLines } from "../../conformance/report/live-line.js";
import { sectionPositionInSeeds } from "../../conformance/report/section-position.js";
import { renderSummary } from "../../conformance/report/summary.js";
import { replayFileOf } from "../../conformance/runner/replay-file.js";
import { runSuite } from "../../conformance/runner/run-suite.js";
import type { AnySuite } from "../../conformance/suite.js";
import { API_NAMES } from "../../protocols/protocol.js";
import { UsageError } from "./usage-error.js";

type ConformanceFlags = SettingsLayer & { config?: string; list?: boolean };

/** `volley conformance`: flags are parsed here, merged with env and config in conformance/options.ts. */
export function registerConformance(program: Command): void {
  program
    .command("conformance")
    .description("check a Socket.IO server against one API document, behaviour by behaviour")
    .addOption(new Option("--api <name>", "the API document to check against").choices([...API_NAMES]))
    .option("--target <url>", "the server's base URL, e.g. http://127.0.0.1:7404")
    .option("--token <token>", "a credential the checks use (never printed in full)")
    .option("--user <name>", "a user name the checks log in with")
    .option("--password <password>", "that user's password (never printed in full)")
    .option("--fixtures <file>", "JSON: ids and users that exist on the target (may be keyed by API name)")
    .option("--config <file>", "JSON file with any of these options (flags > VOLLEY_* env > file)")
    .option("--seed <n>", "fast-check seed (default: random, printed)")
    .option("--runs <n>", "generated inputs / model sequences per property (default 20)")
    .option("--timeout <ms>", "wait for one reply this long (default 2000)")
    .option("--silence <ms>", "watch this long for something that must not arrive (default 300)")
    .option("--deadline <ms>", "give up on one check after this long (default 30000 per 20 runs)")
    .option("--checks <ids>", "comma-separated check ids or id prefixes (default: all)")
    .option("--exclude <ids>", "comma-separated check ids or id prefixes to leave out")
    .option(
      "--restart <command>",
      "shell command that brings the target back on the same URL, run when it stops accepting connections",
    )
    .option("--allow-skips", "a run whose must checks were skipped or blocked exits 0 (default: INCOMPLETE, exit 1)")
    .option("--expectations <file>", "JSON of known failures: {expectedFailures: {id: reason}}")
    .option("--sio-version <v>", "Socket.IO protocol: 2, 4 or auto (default auto)")
    .option("--ca <file>", "PEM file with the CA (or self-signed certificate) of an HTTPS target")
    .option("--insecure", "do not verify an HTTPS target's certificate")
    .option("--json <file>", "write the report as JSON (- for stdout)")
    .option("--junit <file>", "write the report as JUnit XML")
    .option("--html <file>", "write the report as one offline HTML page (document sections, failures, coverage)")
    .option("--replay-dir <dir>", "where failing checks' replay files go (default reports/conformance)")
    .option("--strict", "should-level failures fail the run too")
    .option("--path <path>", "fast-check replay path of a model-based failure (with --seed and one --checks)")
    .option("--suite <module>", "run the suite a module exports by default instead of the built-in one")
    .option("--list", "list the suite's checks (id, level, document section) and exit")
    .action(async (flags: ConformanceFlags) => {
      process.exitCode = await conformance(flags, process.env);
    });
}

export async function conformance(flags: ConformanceFlags, env: NodeJS.ProcessEnv): Promise<number> {
  const { config, list, ...layer } = flags;
  if (list) return listChecks(flags.api ?? env.VOLLEY_API, flags.suite ?? env.VOLLEY_SUITE);
  const resolved = resolveConformanceOptions({
    flags: layer,
    env,
    configFile: config ?? env.VOLLEY_CONFIG,
    randomSeed: Math.floor(Math.random() * 2 ** 31),
  });
  if (!resolved.ok) throw new UsageError(resolved.message);
  const options = resolved.value;
  const write = (line: string) => process.stderr.write(`${line}\n`);
  write(describeOptions(options));
  const reproduce = (checkId: string, path: string | undefined) =>
    [
      `volley conformance --api ${options.api} --target ${options.target} --checks ${checkId} --seed ${options.seed}`,
      options.runs === 20 ? "" : ` --runs ${options.runs}`,
      path === undefined ? "" : ` --path ${path}`,
      options.fixturesFile === undefined ? "" : ` --fixtures ${options.fixturesFile}`,
      options.sioVersion === "auto" ? "" : ` --sio-version ${options.sioVersion}`,
      options.caFile === undefined ? "" : ` --ca ${options.caFile}`,
      options.tls.insecure === true ? " --insecure" : "",
      options.suite === undefined ? "" : ` --suite ${options.suite}`,
      ...Object.keys(options.credentials).map((k) => ` --${k} <${k}>`),
    ].join("");
  const suite = options.suite === undefined ? suites[options.api] : await loadSuite(options.suite, options.api);
  const run = await runSuite(suite, { ...options, reproduce }, liveLines(write));
  if (!run.ok) {
    // An unreachable target still leaves CI a report to upload: every check not run, with the cause.
    if (run.report !== undefined && options.json !== undefined)
      writeOut(options.json, `${JSON.stringify(run.report, null, 2)}\n`);
    if (run.report !== undefined && options.junit !== undefined) writeOut(options.junit, renderJunit(run.report));
    throw new UsageError(run.message, run.report === undefined ? {} : { hint: null });
  }
  const report = run.value;
  const replayFiles = new Map<string, string>();
  for (const result of report.results) {
    const file = replayFileOf(report, result);
    if (file === undefined) continue;
    const path = join(options.replayDir, `${result.id}.replay.json`);
    writeOut(path, `${JSON.stringify(file, null, 2)}\n`);
    replayFiles.set(result.id, path);
  }
  write(renderSummary(report, replayFiles));
  if (options.json !== undefined) writeOut(options.json, `${JSON.stringify(report, null, 2)}\n`);
  if (options.junit !== undefined) writeOut(options.junit, renderJunit(report));
  if (options.html !== undefined) {
    writeOut(options.html, renderHtml(report, { replayFiles, sectionPosition: sectionPositionInSeeds() }));
  }
  return report.exitCode;
}

/** `--list`: needs only the API (and a suite module, if any), not a target. */
async function listChecks(api: string | undefined, suiteModule: string | undefined): Promise<number> {
  if (api === undefined || !(API_NAMES as readonly string[]).includes(api)) {
    throw new UsageError(`--list needs --api (one of ${API_NAMES.join(", ")})`);
  }
  const suite = suiteModule === undefined ? suites[api as keyof typeof suites] : await loadSuite(suiteModule, api);
  const lines = suite.checks.map((c) => `${c.id.padEnd(56)} ${c.level.padEnd(6)} ${c.doc.file} § ${c.doc.section}`);
  process.stdout.write(lines.length === 0 ? "" : `${lines.join("\n")}\n`);
  return 0;
}

/** A user's own suite module (TypeScript runs as is: bin/volley.js registers tsx). */
async function loadSuite(path: string, api: string): Promise<AnySuite> {
  let module: { default?: AnySuite };
  try {
    module = await import(pathToFileURL(resolve(path)).href);
  } catch (err) {
    throw new UsageError(`cannot load suite module ${path}: ${(err as Error).message}`);
  }
  const suite = module.default;
  if (suite === undefined || !Array.isArray(suite.checks) || suite.api !== api) {
    throw new UsageError(`${path} must export by default a suite for --api ${api} (defineSuite({api: "${api}", ...}))`);
  }
  return suite;
}

function writeOut(path: string, text: string): void {
  if (path === "-") {
    process.stdout.write(text);
    return;
  }
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  } catch (err) {
    throw new UsageError(`cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}
