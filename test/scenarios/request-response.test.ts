import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startTestApi } from "../support/server.js";
import { runScenarioFile } from "./scenario-file-run.js";

function gateCli(report: string, budgets: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      "node",
      ["bin/volley.js", "gate", report, "--budgets", budgets],
      { timeout: 20_000 },
      (err, _out, stderr) => resolve({ code: err === null ? 0 : Number(err.code), stderr }),
    );
  });
}

describe("request/response scenarios", () => {
  it("neoruntime-request logs in, runs status, scripts get, create and delete, and holds its budgets", async () => {
    const { url } = await startTestApi("neoruntime");
    // 2 users share 20 acks/s: 5 of each action per user in 0.5 s.
    const { report, failed } = await runScenarioFile("neoruntime-request", url, {
      vus: 2,
      rate: 20,
      durationSeconds: 0.5,
    });
    expect(failed).toEqual([]);
    for (const metric of ["status", "scripts-get", "script-create", "script-delete"]) {
      expect(report.metrics[metric]?.outcomes, metric).toEqual({ delivered: 10, lost: 0, errored: 0, timedOut: 0 });
    }
  }, 15_000);

  it("nestmtx-request pairs each request with the event named by its requestId and holds its budgets", async () => {
    const { url } = await startTestApi("nestmtx");
    const { report, failed } = await runScenarioFile("nestmtx-request", url, {
      vus: 2,
      rate: 20,
      durationSeconds: 0.5,
    });
    expect(failed).toEqual([]);
    for (const metric of ["list", "read", "update"]) {
      expect(report.metrics[metric]?.outcomes, metric).toEqual({ delivered: 10, lost: 0, errored: 0, timedOut: 0 });
    }
    expect(report.metrics.create?.outcomes.delivered).toBe(2);
    expect(report.metrics.delete?.outcomes.delivered).toBe(2);
  }, 15_000);

  it("breaks the nestmtx-request budget on a server slowed by 300 ms, and volley gate exits 1 naming the metric", async () => {
    const { url } = await startTestApi("nestmtx", { options: { delayMs: 300 } });
    const { report, failed } = await runScenarioFile("nestmtx-request", url, {
      vus: 2,
      rate: 20,
      durationSeconds: 0.5,
    });
    expect(failed.map((v) => v.expression)).toContain("list.p50 <= 50");
    expect(report.metrics.list?.latency.p50).toBeGreaterThan(300);
    const file = join(mkdtempSync(join(tmpdir(), "volley-rr-")), "report.json");
    writeFileSync(file, JSON.stringify(report));
    const run = await gateCli(file, "scenarios/nestmtx-request.budgets.json");
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/fail: list\.p50 <= 50 \(measured 3\d\d\.\d+ ms\)/);
  }, 20_000);
});
