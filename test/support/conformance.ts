import type { Credentials } from "../../conformance/check.js";
import { suites } from "../../conformance/registry.js";
import type { Report } from "../../conformance/runner/result.js";
import { runSuite } from "../../conformance/runner/run-suite.js";
import type { ApiName } from "../../protocols/protocol.js";
import type { ServerOptionsInput } from "../../reference-server/options.js";
import { apiServers } from "../../reference-server/registry.js";
import { startTestApi } from "./server.js";

/** What the reference server was started with, for turning its fixtures into the suite's fixtures. */
export interface ReferenceFixtures {
  /** The server's parsed fixtures (its demo data unless `serverFixtures` was given). */
  readonly fixtures: unknown;
  /** The server's own description lines (credentials, tokens, ids), as `volley serve` prints them. */
  readonly describe: readonly string[];
  readonly url: string;
}

export interface ReferenceRun {
  /** Start the server with this deliberate defect (`options.fault`). */
  readonly fault?: string;
  /** More server options (simulation speeds, limits); `fault` wins over `options.fault`. */
  readonly options?: ServerOptionsInput;
  /** The reference server's fixtures input; default its demo data. */
  readonly serverFixtures?: unknown;
  /**
   * The suite's fixtures: an object, or a function from the server's fixtures to them. Default: the server's
   * parsed fixtures themselves, for suites whose fixtures schema reads that shape.
   */
  readonly fixtures?: unknown | ((ref: ReferenceFixtures) => unknown);
  readonly credentials?: Credentials;
  readonly checks?: readonly string[];
  readonly seed?: number;
  readonly runs?: number;
  readonly timeoutMs?: number;
  readonly sioVersion?: 2 | 4 | "auto";
}

/**
 * Starts the reference server for `api` on a free port (closed after the test), runs that API's conformance suite
 * against it by URL, and returns the report. For per-API tests:
 *
 *   expect(failedIds(await runReferenceConformance("antimony"))).toEqual([]);
 *   expect(failedIds(await runReferenceConformance("antimony", { fault: "antimony.wrong-code" })))
 *     .toEqual(["antimony.lab-commands.unknown-lab-5005"]);
 */
export async function runReferenceConformance(api: ApiName, run: ReferenceRun = {}): Promise<Report> {
  const { url, server } = await startTestApi(api, {
    options: { ...run.options, ...(run.fault === undefined ? {} : { fault: run.fault }) },
    ...(run.serverFixtures === undefined ? {} : { fixtures: run.serverFixtures }),
  });
  const ref: ReferenceFixtures = {
    fixtures: apiServers[api].fixtures.parse(run.serverFixtures ?? {}),
    describe: server.apis[0]?.instance.describe() ?? [],
    url,
  };
  const fixtures = typeof run.fixtures === "function" ? run.fixtures(ref) : (run.fixtures ?? ref.fixtures);
  const result = await runSuite(suites[api], {
    api,
    target: url,
    credentials: run.credentials ?? {},
    fixtures,
    seed: run.seed ?? 1,
    runs: run.runs ?? 10,
    timeoutMs: run.timeoutMs ?? 1_000,
    silenceMs: 200,
    deadlineMs: 15_000,
    checks: run.checks ?? [],
    expectations: { expectedFailures: {} },
    sioVersion: run.sioVersion ?? 4,
    strict: true,
  });
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

/** The ids of the checks that failed (unexpectedly or not), in suite order. */
export function failedIds(report: Report): string[] {
  return report.results.filter((r) => r.status === "fail").map((r) => r.id);
}

/** The ids of checks that errored, were skipped or were blocked, with why: worth asserting empty beside failedIds. */
export function notRun(report: Report): Record<string, string> {
  return Object.fromEntries(
    report.results
      .filter((r) => r.status === "error" || r.status === "skip" || r.status === "blocked")
      .map((r) => [r.id, r.status === "blocked" ? `blocked by ${r.step}: ${r.reason}` : (r.reason ?? "")]),
  );
}
