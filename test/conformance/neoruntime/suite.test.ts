import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";
import { replayFileOf } from "../../../conformance/runner/replay-file.js";
import { neoruntimeFaultNames, neoruntimeFaults } from "../../../reference-server/neoruntime/faults.js";
import { embeddedConformance } from "../../../src/embedded/conformance-targets.js";
import { failedIds, notRun, runReferenceConformance } from "../../support/conformance.js";
import { startTestApi } from "../../support/server.js";

// The reference server's own event names (DECISIONS.md D13), demo user and a quick script, as `volley start` gives them.
const embedded = embeddedConformance.neoruntime;
const fixtures = embedded.fixtures("");
const credentials = embedded.credentials;
const options = embedded.serverOptions ?? {};
const run = (extra: Parameters<typeof runReferenceConformance>[1] = {}) =>
  runReferenceConformance("neoruntime", { options, fixtures, credentials, ...extra });

describe("the neoruntime suite against the reference server", () => {
  test.each([4, 2] as const)(
    "passes every check over Socket.IO %i",
    async (sioVersion) => {
      const report = await run({ sioVersion });
      expect(failedIds(report)).toEqual([]);
      expect(notRun(report)).toEqual({});
    },
    60_000,
  );

  test("skips the event checks with a reason when the fixtures name no event", async () => {
    const report = await run({ fixtures: {}, checks: ["neoruntime.events.join-receives"] });
    expect(notRun(report)["neoruntime.events.join-receives"]).toMatch(/no subscribable event named/);
  }, 30_000);
});

const expected: Record<string, string[]> = {
  [neoruntimeFaultNames.unauthenticatedAccess]: [
    "neoruntime.auth.unknown-token-false",
    "neoruntime.unauthenticated.status-withheld",
    "neoruntime.unauthenticated.list-withheld",
    "neoruntime.unauthenticated.create-no-effect",
    "neoruntime.unauthenticated.delete-no-effect",
    "neoruntime.unauthenticated.select-no-effect",
    "neoruntime.unauthenticated.never-answered",
    "neoruntime.unauthenticated.join-receives-nothing",
    "neoruntime.model.sequences",
  ],
  [neoruntimeFaultNames.anyTokenAccepted]: ["neoruntime.auth.unknown-token-false", "neoruntime.model.sequences"],
  [neoruntimeFaultNames.remoteDeletable]: ["neoruntime.scripts.remote-not-deletable"],
  [neoruntimeFaultNames.duplicateCreateSucceeds]: ["neoruntime.scripts.create-existing-fails"],
  [neoruntimeFaultNames.outputToEveryone]: [
    "neoruntime.events.not-joined-receives-nothing",
    "neoruntime.events.leave-stops",
    "neoruntime.unauthenticated.join-receives-nothing",
  ],
};

describe("the neoruntime suite against each fault", () => {
  test("has an expectation for every fault of the reference server", () => {
    expect(Object.keys(expected).sort()).toEqual(neoruntimeFaults.map((f) => f.name).sort());
  });
  test.each(Object.entries(expected))(
    "%s fails exactly the expected checks",
    async (fault, ids) => {
      // At seed 1 the model meets an unknown token within 10 sequences, not 5 (its commands no longer delete a
      // remote script, a REAL-SERVERS.md rule): the default 10 runs for that fault.
      const report = await run({ fault, runs: fault === neoruntimeFaultNames.anyTokenAccepted ? 10 : 5 });
      // Whether a random model sequence meets these two faults within 10 runs depends on timing: not asserted.
      const timingBound = [neoruntimeFaultNames.duplicateCreateSucceeds, neoruntimeFaultNames.outputToEveryone];
      const model = "neoruntime.model.sequences";
      const failed = failedIds(report).filter((id) => !(timingBound.includes(fault as never) && id === model));
      expect(failed).toEqual(ids);
      expect(notRun(report)).toEqual({});
    },
    60_000,
  );
});

test("a shrunk counterexample replays with volley replay and shows the same departure", async () => {
  const fault = neoruntimeFaultNames.anyTokenAccepted;
  const report = await run({ fault, checks: ["neoruntime.model.sequences"], runs: 10 });
  const failure = report.results[0]?.failure;
  expect(failure?.title).toMatch(/authenticateToken with an unknown token acks false/);
  const dir = mkdtempSync(join(tmpdir(), "neo-replay-"));
  const file = join(dir, "model.replay.json");
  const result = report.results[0];
  if (result === undefined) throw new Error("no result");
  writeFileSync(file, JSON.stringify(replayFileOf(report, result)));
  const { url } = await startTestApi("neoruntime", { options: { ...options, fault } });
  const out = await promisify(execFile)(
    "node",
    [
      "bin/volley.js",
      "replay",
      file,
      "--target",
      url,
      "--user",
      `${credentials.user}`,
      "--password",
      `${credentials.password}`,
    ],
    { timeout: 30_000 },
  ).catch((err: { stdout: string; stderr: string }) => err);
  const text = `${out.stdout}${out.stderr}`;
  // The shrunk sequence ends with the unknown token; replayed, it is accepted again (an unmarked, matching ack).
  const last = (failure?.transcript ?? []).filter((e) => e.kind === "emit" && e.event === "authenticateToken").at(-1);
  const badToken = JSON.stringify(last?.kind === "emit" ? last.args : undefined);
  expect(readFileSync(file, "utf8")).toContain("authenticateToken");
  const escaped = badToken.replace(/[[\]]/g, "\\$&");
  expect(text).toMatch(
    new RegExp(`→ authenticateToken ${escaped} \\(ack\\)\\n  c\\d+ ← ack authenticateToken \\[true\\]\\n`),
  );
}, 60_000);
