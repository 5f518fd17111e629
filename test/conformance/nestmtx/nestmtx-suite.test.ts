import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { replay } from "../../../conformance/runner/replay.js";
import { replayFileOf } from "../../../conformance/runner/replay-file.js";
import { NESTMTX_FAULTS, nestmtxFaults } from "../../../reference-server/nestmtx/faults.js";
import {
  NESTMTX_TOKEN as REFERENCE_TOKEN,
  nestmtxFixtures as referenceFixtures,
} from "../../../src/embedded/conformance-targets.js";
import { failedIds, notRun, runReferenceConformance } from "../../support/conformance.js";
import { startTestApi } from "../../support/server.js";

const root = resolve(import.meta.dirname, "../../..");
const credentials = { token: REFERENCE_TOKEN };

/** Feeds and log lines off: what a replay compares must not change between two runs against one server. */
const quiet = { simulation: { deployMs: 0, logLinesPerSecond: 0 } };

/** The checks each fault must fail, and no others (the unfaulted server fails none). */
const EXPECTED: Record<string, string[]> = {
  [NESTMTX_FAULTS.noLogReplay]: ["nestmtx.logs.replay-on-connect"],
  [NESTMTX_FAULTS.unauthenticatedAccess]: ["nestmtx.auth.no-token-no-data"],
  [NESTMTX_FAULTS.errorsOnFailureEvent]: [
    "nestmtx.validation.missing-entity",
    "nestmtx.validation.missing-payload",
    "nestmtx.validation.unknown-key",
    "nestmtx.validation.unknown-module",
    "nestmtx.validation.unknown-command",
    "nestmtx.crud.read-unknown-entity",
    // The read after the delete is answered on `failure`, so nothing arrives on its requestId.
    "nestmtx.crud.delete-then-read",
    "nestmtx.robustness.mutated-requests",
    "nestmtx.robustness.mutated-payloads",
  ],
  [NESTMTX_FAULTS.noApplicationWildcard]: ["nestmtx.topics.application-wildcard"],
};

/**
 * Faults whose checks wait for answers that never come: a shorter reply timeout keeps their run short (not too short:
 * answers that do come must still beat it on a busy CI machine).
 */
const SHORT_TIMEOUT = new Set<string>([NESTMTX_FAULTS.errorsOnFailureEvent]);

/** Runs `volley <args>`; the child gets a deadline so a hang fails the test. */
function volley(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [join(root, "bin/volley.js"), ...args], { timeout: 20_000 }, (err, _out, stderr) => {
      done({ code: err === null ? 0 : typeof err.code === "number" ? err.code : -1, stderr });
    });
  });
}

describe("the nestmtx conformance suite against the reference server", () => {
  it("passes every check of the unfaulted server, none skipped (its fixtures include an expired token)", async () => {
    const report = await runReferenceConformance("nestmtx", { fixtures: referenceFixtures, credentials });
    expect(failedIds(report)).toEqual([]);
    expect(notRun(report)).toEqual({});
  });

  it("provokes the log entries its log checks judge: with no simulated lines and no replay, none skips", async () => {
    // Without the replay, the only entries are the ones the suite's own documented requests cause (user changes).
    const report = await runReferenceConformance("nestmtx", {
      fault: NESTMTX_FAULTS.noLogReplay,
      options: quiet,
      fixtures: referenceFixtures,
      credentials,
      checks: ["nestmtx.logs"],
    });
    expect(report.results.map((r) => [r.id, r.status])).toEqual([
      ["nestmtx.logs.entry-fields", "pass"],
      ["nestmtx.logs.levels", "pass"],
      ["nestmtx.logs.replay-on-connect", "fail"],
    ]);
  });

  it("has an expectation for every fault the reference server can inject", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(nestmtxFaults.map((f) => f.name).sort());
  });

  it.each(Object.entries(EXPECTED))("fails exactly the expected checks under fault %s", async (fault, ids) => {
    const report = await runReferenceConformance("nestmtx", {
      fault,
      fixtures: referenceFixtures,
      credentials,
      // Every property fails at its first inputs under these faults; fewer runs only save time.
      runs: 5,
      ...(SHORT_TIMEOUT.has(fault) ? { timeoutMs: 500 } : {}),
    });
    expect(failedIds(report)).toEqual(ids);
  });

  it("replays a shrunk counterexample with volley replay: the faulty server departs again, a sound one does not", async () => {
    const report = await runReferenceConformance("nestmtx", {
      fault: NESTMTX_FAULTS.errorsOnFailureEvent,
      options: quiet,
      fixtures: referenceFixtures,
      credentials,
      timeoutMs: 500,
      checks: ["nestmtx.robustness.mutated-requests"],
    });
    const result = report.results[0];
    expect(result?.status).toBe("fail");
    const file = result === undefined ? undefined : replayFileOf(report, result);
    expect(file?.failure.counterexample).toContain("hostile string");
    const path = join(mkdtempSync(join(tmpdir(), "volley-nestmtx-")), "replay.json");
    writeFileSync(path, JSON.stringify(file));

    const replayFlags = ["--token", REFERENCE_TOKEN, "--sio-version", "4", "--timeout", "2000"];
    const again = await volley(["replay", path, ...replayFlags]);
    // The wait is printed as measured (500 ms asked, a few more taken).
    expect(again.stderr).toMatch(/c1 … no volley-mutated within 5\d\d ms/);
    expect(again.stderr).toContain("Reproduced: all");
    expect(again.code).toBe(0);

    // Against a sound server (in process: one CLI start per test is enough) the recorded silence departs.
    const { url: sound } = await startTestApi("nestmtx", { options: quiet });
    const settings = { target: sound, sioVersion: 4 as const, credentials, timeoutMs: 500 };
    const fixed = file === undefined ? undefined : await replay(file, settings);
    const departed = fixed?.firstDeparture === undefined ? undefined : fixed.steps.slice(fixed.firstDeparture);
    expect(departed?.find((s) => s.recorded.kind === "timeout")?.live).toMatchObject([
      { error: { message: "Invalid Request" } },
    ]);
  });
});
