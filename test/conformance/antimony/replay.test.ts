import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { replayFileOf } from "../../../conformance/runner/replay-file.js";
import { antimonyFaults } from "../../../reference-server/antimony/faults.js";
import { runReferenceConformance } from "../../support/conformance.js";
import { startTestApi } from "../../support/server.js";
import { mainToken, referenceRun, serverFixtures } from "./reference.js";

const root = resolve(import.meta.dirname, "../../..");

/** `volley replay <file> --target <url> --token <main token>`, with a deadline so a hang fails the test. */
function replay(file: string, target: string): Promise<{ code: number; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [join(root, "bin/volley.js"), "replay", file, "--target", target, "--token", mainToken],
      { timeout: 30_000 },
      (err, _stdout, stderr) => done({ code: err === null ? 0 : typeof err.code === "number" ? err.code : -1, stderr }),
    );
  });
}

describe("a shrunk antimony counterexample", () => {
  it("replays with volley replay against the faulty server, showing the same wrong code, and departs on a faithful one", async () => {
    const check = "antimony.lab-commands.unknown-lab-5005";
    const report = await runReferenceConformance("antimony", {
      ...referenceRun,
      fault: antimonyFaults.wrongErrorCode.name,
      checks: [check],
    });
    const result = report.results.find((r) => r.id === check);
    const recorded = result && replayFileOf(report, result);
    expect(recorded?.failure).toMatchObject({ actual: { code: 5000 }, expected: "{code: 5005, message: string}" });
    // The shrunk input is one request, so the replay is one connection and one emit.
    expect(recorded?.exchanges.filter((e) => e.kind === "emit")).toHaveLength(1);
    const file = join(mkdtempSync(join(tmpdir(), "volley-antimony-")), `${check}.replay.json`);
    writeFileSync(file, JSON.stringify(recorded));

    const again = await replay(file, report.target);
    expect(again.stderr).toMatch(/← ack data \[\{"code":5000,/);
    expect(again.stderr).toContain("Reproduced");
    expect(again.code).toBe(0);

    const faithful = await startTestApi("antimony", { fixtures: serverFixtures });
    const fixed = await replay(file, faithful.url);
    expect(fixed.stderr).toMatch(/this time: \[\{"code":5005,/);
    expect(fixed.code).toBe(1);
  }, 60_000);
});
