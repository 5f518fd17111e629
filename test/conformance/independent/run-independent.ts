import type { Credentials } from "../../../conformance/check.js";
import { suites } from "../../../conformance/registry.js";
import type { Report } from "../../../conformance/runner/result.js";
import { type RunOptions, runSuite } from "../../../conformance/runner/run-suite.js";
import type { ApiName } from "../../../protocols/protocol.js";

/**
 * Runs `api`'s whole suite against an independent server by URL, its Socket.IO generation detected as a stranger's
 * would be. Replies get 1 s: the independent servers answer up to 20 ms late, far inside it.
 */
export async function runIndependent(
  api: ApiName,
  target: string,
  fixtures: unknown,
  credentials: Credentials = {},
  overrides: Partial<
    Pick<RunOptions, "checks" | "seed" | "runs" | "timeoutMs" | "silenceMs" | "deadlineMs" | "tls">
  > = {},
): Promise<Report> {
  const result = await runSuite(suites[api], {
    api,
    target,
    credentials,
    fixtures,
    seed: 7,
    runs: 10,
    timeoutMs: 1_000,
    silenceMs: 200,
    deadlineMs: 15_000,
    checks: [],
    ...overrides,
    expectations: { expectedFailures: {} },
    sioVersion: "auto",
    strict: false,
  });
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

/** The checks of one level that did not pass (failed, errored or skipped), each with its failure title or reason. */
export function notPassed(report: Report, level: "must" | "should"): Record<string, string> {
  return Object.fromEntries(
    report.results
      .filter((r) => r.level === level && r.status !== "pass")
      .map((r) => [r.id, `${r.status}: ${r.failure?.title ?? r.reason ?? ""}`]),
  );
}
