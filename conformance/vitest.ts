import { beforeAll, describe, it } from "vitest";
import type { ApiName } from "../protocols/protocol.js";
import type { Credentials } from "./check.js";
import { suites } from "./registry.js";
import { renderSummary } from "./report/summary.js";
import { NO_EXPECTATIONS } from "./runner/expectations.js";
import { hostileLast, runSuite } from "./runner/run-suite.js";
import type { AnySuite } from "./suite.js";

export interface ConformanceSuiteRequest {
  readonly api: ApiName;
  /** The server's base URL, or a function giving it once the server is up (resolved in `beforeAll`). */
  readonly target: string | (() => string | Promise<string>);
  /** The suite's fixtures: ids and users that exist on your server. */
  readonly fixtures?: unknown;
  readonly credentials?: Credentials;
  readonly sioVersion?: 2 | 4 | "auto";
  readonly seed?: number;
  readonly runs?: number;
  readonly timeoutMs?: number;
  /** Run another suite than the registry's for `api` (your own checks). */
  readonly suite?: AnySuite;
}

/**
 * Registers one vitest test per check of an API's suite, for running conformance inside your own vitest project:
 *
 *   defineConformanceSuite({ api: "antimony", target: "http://127.0.0.1:7404", fixtures: {...}, credentials: {...} });
 *
 * A failing check (of either level) fails its test with the summary (expected, actual, "Reproduce with:"); a skipped
 * one is skipped with why, a blocked one with the set-up step that blocked it.
 */
export function defineConformanceSuite(req: ConformanceSuiteRequest): void {
  const suite = req.suite ?? suites[req.api];
  describe(`${req.api} conformance`, () => {
    let target = "";
    const seed = req.seed ?? Math.floor(Math.random() * 2 ** 31);
    beforeAll(async () => {
      target = typeof req.target === "string" ? req.target : await req.target();
    });
    // The runner's order: hostile checks last, so a crash one provokes cannot fail the documented behaviours.
    for (const check of hostileLast(suite.checks)) {
      it(`${check.id}: ${check.title}`, async (test) => {
        const run = await runSuite(suite, {
          api: req.api,
          target,
          credentials: req.credentials ?? {},
          fixtures: req.fixtures ?? {},
          seed,
          runs: req.runs ?? 20,
          timeoutMs: req.timeoutMs ?? 2_000,
          silenceMs: 300,
          deadlineMs: 30_000,
          checks: [check.id],
          expectations: NO_EXPECTATIONS,
          sioVersion: req.sioVersion ?? "auto",
          strict: false,
        });
        if (!run.ok) throw new Error(run.message);
        const result = run.value.results.find((r) => r.id === check.id);
        if (result?.status === "skip") test.skip(result.reason);
        if (result?.status === "blocked") test.skip(`blocked by set-up step \`${result.step}\`: ${result.reason}`);
        if (result?.status === "fail" || result?.status === "error") throw new Error(renderSummary(run.value));
      });
    }
  });
}
