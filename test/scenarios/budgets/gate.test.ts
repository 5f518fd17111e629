import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gate } from "../../../scenarios/budgets/gate.js";
import { Measurements } from "../../../scenarios/engine/measurements.js";
import { buildReport } from "../../../scenarios/engine/report.js";

/** 100 acks at 1..100 ms, 2 timed out, 1 lost push out of 10. */
function report() {
  const m = new Measurements();
  for (let i = 1; i <= 100; i++) m.delivered("ack:echo", i * 1000);
  m.failed("ack:echo", "timedOut", "ack_timeout", 2);
  for (let i = 0; i < 9; i++) m.delivered("push:line");
  m.failed("push:line", "lost", "sequence_gap");
  return buildReport(m, {
    scenario: "t",
    target: "http://127.0.0.1:1",
    plan: { vus: 1, rate: null, durationSeconds: null },
  });
}

function volley(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile("node", ["bin/volley.js", ...args], { timeout: 20_000 }, (err, _stdout, stderr) =>
      resolve({ code: err === null ? 0 : Number(err.code), stderr }),
    );
  });
}

describe("budgets", () => {
  it("pass a metric within its budget and fail one beyond it, with the expression as written", () => {
    const verdicts = gate(report(), {
      metrics: { "ack:echo": { p50: 60, p99: 90, errorRate: 0.05 }, "push:line": { lossRate: 0.05 } },
    });
    expect(verdicts.map((v) => [v.expression, v.pass])).toEqual([
      ["ack:echo.p50 <= 60", true],
      ["ack:echo.p99 <= 90", false],
      ["ack:echo.errorRate <= 0.05", true],
      ["push:line.lossRate <= 0.05", false],
    ]);
    expect(verdicts[2]?.measured).toBeCloseTo(2 / 102);
    expect(verdicts[3]?.measured).toBeCloseTo(0.1);
  });

  it("fail a budget on a metric the report does not have", () => {
    const [verdict] = gate(report(), { metrics: { "ack:missing": { p99: 10 } } });
    expect(verdict).toMatchObject({ pass: false, measured: undefined });
  });

  it("make `volley gate` exit 1 naming the blown metric, write JUnit, and exit 2 on a bad budgets file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "volley-gate-"));
    writeFileSync(join(dir, "report.json"), JSON.stringify(report()));
    writeFileSync(join(dir, "ok.json"), JSON.stringify({ metrics: { "ack:echo": { p50: 60 } } }));
    writeFileSync(join(dir, "blown.json"), JSON.stringify({ metrics: { "ack:echo": { p50: 60, p99: 90 } } }));
    writeFileSync(join(dir, "bad.json"), JSON.stringify({ metrics: { "ack:echo": { p99: "fast" } } }));
    const [ok, blown, bad] = await Promise.all([
      volley(["gate", join(dir, "report.json"), "--budgets", join(dir, "ok.json")]),
      volley(["gate", join(dir, "report.json"), "--budgets", join(dir, "blown.json"), "--junit", join(dir, "j.xml")]),
      volley(["gate", join(dir, "report.json"), "--budgets", join(dir, "bad.json")]),
    ]);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain("ok: ack:echo.p50 <= 60");
    expect(blown.code).toBe(1);
    expect(blown.stderr).toMatch(/fail: ack:echo\.p99 <= 90 \(measured 99\.\d+ ms\)/);
    expect(readFileSync(join(dir, "j.xml"), "utf8")).toContain('failures="1"');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("budgets file");
  }, 30_000);
});
