import { describe, expect, it } from "vitest";
import { startTestApi } from "../support/server.js";
import { runScenarioFile } from "./scenario-file-run.js";

// Quick deploys keep the setup short; the shell behaviour is the reference server's own.
const quick = { simulation: { deployMs: 20 } };

describe("antimony-shell-io", () => {
  it("opens shells, times every typed line to the shell's answer, finds the typed text in the backlog on reconnect and holds its budgets", async () => {
    const { url } = await startTestApi("antimony", { options: quick });
    // 4 users share 40 keys/s for 1 s: 10 keys each, plus one end marker.
    const { report, failed } = await runScenarioFile("antimony-shell-io", url, {
      vus: 4,
      rate: 40,
      durationSeconds: 1,
    });
    expect(failed).toEqual([]);
    expect(report.metrics.echo?.outcomes).toEqual({ delivered: 44, lost: 0, errored: 0, timedOut: 0 });
    expect(report.metrics["backlog:typed"]?.outcomes.delivered).toBe(4);
    expect(report.metrics["close-shell"]?.outcomes.delivered).toBe(4);
  }, 15_000);

  it("counts shells refused past the per-user limit as 5008 errors and runs the other users to the end", async () => {
    const { url } = await startTestApi("antimony", { options: { ...quick, limits: { maxShellsPerUser: 2 } } });
    // 4 users share 20 keys/s: the 2 with a shell type 5 keys each and the end marker.
    const { report } = await runScenarioFile("antimony-shell-io", url, { vus: 4, rate: 20, durationSeconds: 1 });
    expect(report.metrics["open-shell"]?.outcomes).toMatchObject({ delivered: 2, errored: 2 });
    expect(report.metrics["open-shell"]?.errors).toEqual({ 5008: 2 });
    expect(report.metrics.echo?.outcomes).toEqual({ delivered: 12, lost: 0, errored: 0, timedOut: 0 });
    expect(report.metrics["close-shell"]?.outcomes.delivered).toBe(2);
  }, 15_000);
});
