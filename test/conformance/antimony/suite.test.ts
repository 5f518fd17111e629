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

  it("skips, naming the missing fixture, the checks whose fixtures the user did not give", async () => {
    const report = await runReferenceConformance("antimony", { ...referenceRun, fixtures: {}, credentials: {} });
    expect(failedIds(report)).toEqual([]);
    const skipped = notRun(report);
    expect(skipped["antimony.lab-commands.deploy-ack"]).toMatch(/token/);
    expect(skipped["antimony.lab-commands.containerlab-5001"]).toMatch(/failingLab/);
    expect(skipped["antimony.access.foreign-shell-refused"]).toMatch(/token|lab/);
  }, 30_000);
});
