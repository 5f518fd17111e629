import { afterEach, describe, expect, it } from "vitest";
import { neoruntimeSuite } from "../../../conformance/neoruntime/index.js";
import { STEPS } from "../../../conformance/neoruntime/session.js";
import type { Report } from "../../../conformance/runner/result.js";
import { notPassed, runIndependent } from "../independent/run-independent.js";
import {
  startVariantServer,
  VARIANT_DEFECTS,
  VARIANT_EVENTS,
  VARIANT_USER,
  type VariantDefect,
} from "./variant-server.js";

/**
 * The `should` checks the variant may fail, each because it made the other choice at the DECISIONS item or
 * REAL-SERVERS.md fact the check rests on (its `doc.decision`). Anything else that does not pass is a check that
 * needs more than the document says.
 */
const ALLOWED_SHOULD_FAILURES: Readonly<Record<string, string>> = {
  "neoruntime.unauthenticated.never-answered": "D5: unauthenticated actions are answered with a refusal",
  "neoruntime.scripts.create-existing-fails": "REAL-SERVERS: Create of an existing script overwrites it",
  "neoruntime.scripts.delete-missing-fails": "D8: Delete of a missing script succeeds",
  "neoruntime.scripts.remote-not-deletable": "REAL-SERVERS: remote/ scripts may be deleted",
  "neoruntime.events.payloads": "D14: output lines are bare strings",
  "neoruntime.bad-input.delete": "D8: Delete of a non-string path succeeds",
};

let server: Awaited<ReturnType<typeof startVariantServer>> | undefined;
afterEach(() => server?.close());

async function runAgainst(
  defect: VariantDefect | undefined,
  checks: readonly string[] = [],
  credentials = VARIANT_USER,
): Promise<Report> {
  server = await startVariantServer(defect);
  return runIndependent("neoruntime", server.url, { events: VARIANT_EVENTS }, credentials, {
    checks,
    seed: 1,
    tls: { ca: server.ca },
  });
}

describe("the neoruntime suite against a server that chooses otherwise wherever the document is silent", () => {
  it("passes every must check over Socket.IO 2 and HTTPS, and fails only the shoulds whose decision it did not take", async () => {
    const report = await runAgainst(undefined);
    expect(report.sioVersion).toBe(2);
    expect(report.results).toHaveLength(neoruntimeSuite.checks.length);
    expect(notPassed(report, "must")).toEqual({});
    expect(Object.keys(notPassed(report, "should")).sort()).toEqual(Object.keys(ALLOWED_SHOULD_FAILURES).sort());
  }, 60_000);

  it.each([
    [VARIANT_DEFECTS.preDocumentAcks, ["neoruntime.status.shape", "neoruntime.scripts.list-shape"]],
    [VARIANT_DEFECTS.statusToStrangers, ["neoruntime.unauthenticated.status-withheld"]],
    [VARIANT_DEFECTS.deleteKeepsScript, ["neoruntime.scripts.delete-unlists-script"]],
    [VARIANT_DEFECTS.leaveIgnored, ["neoruntime.events.leave-stops"]],
  ])(
    "with the defect %s fails the must checks %j",
    async (defect, checks) => {
      const report = await runAgainst(defect, checks);
      expect(report.results.map((r) => [r.id, r.level, r.status])).toEqual(checks.map((id) => [id, "must", "fail"]));
    },
    30_000,
  );

  it("names the pre-document fn(true, value) ack when a server answers status that way", async () => {
    const report = await runAgainst(VARIANT_DEFECTS.preDocumentAcks, ["neoruntime.status.shape"]);
    expect(report.results[0]?.failure?.title).toContain("as the pre-document fn(true, value) did");
  }, 30_000);

  it("reports wrong credentials once, as the auth check's failure; the checks needing a sign-in are blocked", async () => {
    const wrong = { ...VARIANT_USER, password: "not-the-password" };
    const checks = [
      "neoruntime.auth.authenticate-issues-token",
      "neoruntime.status.shape",
      "neoruntime.model.sequences",
    ];
    const report = await runAgainst(undefined, checks, wrong);
    expect(report.results.map((r) => [r.status, r.step])).toEqual([
      ["fail", undefined],
      ["blocked", STEPS.signIn],
      ["blocked", STEPS.signIn],
    ]);
  }, 30_000);
});
