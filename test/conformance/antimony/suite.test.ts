import { describe, expect, it } from "vitest";
import { failedIds, notRun, runReferenceConformance } from "../../support/conformance.js";
import { referenceRun } from "./reference.js";

describe("the antimony conformance suite", () => {
  it("passes every check against the unfaulted reference server, skipping none", async () => {
    const report = await runReferenceConformance("antimony", referenceRun);
    expect(failedIds(report)).toEqual([]);
    expect(notRun(report)).toEqual({});
    expect(report.exitCode).toBe(0);
  }, 60_000);

  it("passes its connection, log and shell checks over a Socket.IO 2.x client too (token sent as a query)", async () => {
    const checks = ["antimony.auth.token-accepted", "antimony.logs", "antimony.shells", "antimony.shell-commands"];
    const report = await runReferenceConformance("antimony", { ...referenceRun, sioVersion: 2, checks });
    expect(report.sioVersion).toBe(2);
    expect(failedIds(report)).toEqual([]);
    expect(notRun(report)).toEqual({});
  }, 30_000);

  it("skips, naming the missing fixture, the checks whose fixtures the user did not give", async () => {
    const report = await runReferenceConformance("antimony", { ...referenceRun, fixtures: {}, credentials: {} });
    expect(failedIds(report)).toEqual([]);
    const skipped = notRun(report);
    expect(skipped["antimony.lab-commands.deploy-ack"]).toMatch(/token/);
    expect(skipped["antimony.lab-commands.containerlab-5001"]).toMatch(/failingLab/);
    expect(skipped["antimony.access.foreign-shell-refused"]).toMatch(/--token/);
    // Issue 12: every skip names the flag or fixtures field that would let the check run.
    const unnamed = Object.entries(skipped).filter(([, reason]) => !/--token|`\w+` in --fixtures/.test(reason));
    expect(unnamed).toEqual([]);
  }, 30_000);
});
