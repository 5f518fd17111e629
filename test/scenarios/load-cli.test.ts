import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadReportSchema } from "../../scenarios/engine/report.js";
import { startLoadServer } from "./load-server.js";

function volley(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile("node", ["bin/volley.js", ...args], { timeout: 25_000 }, (err, _stdout, stderr) =>
      resolve({ code: err === null ? 0 : Number(err.code), stderr }),
    );
  });
}

const SCRIPT = `
config: { target: "http://127.0.0.1:1" }
scenarios:
  - engine: volley
    flow:
      - openLoop: { rate: 10, durationSeconds: 1, emitAck: { event: "echo", args: ["{{seq}}"], timeoutMs: 5000 } }
`;

describe("volley load", () => {
  it("writes JSON and HTML reports, passes budgets on a quick server and exits 1 naming p99 on one slowed by 1.5 s", async () => {
    const dir = mkdtempSync(join(tmpdir(), "volley-load-"));
    writeFileSync(join(dir, "echo.yml"), SCRIPT);
    writeFileSync(join(dir, "budgets.json"), JSON.stringify({ metrics: { "ack:echo": { p99: 1000, errorRate: 0 } } }));
    const [quick, slowed] = await Promise.all([startLoadServer(), startLoadServer({ delayMs: 1500 })]);
    const run = (url: string, out: string) =>
      volley([
        "load",
        join(dir, "echo.yml"),
        "--target",
        url,
        "--vus",
        "2",
        "--rate",
        "40",
        "--duration",
        "1",
        "--report",
        join(dir, out),
        "--budgets",
        join(dir, "budgets.json"),
      ]);
    const [pass, fail] = await Promise.all([run(quick.url, "quick"), run(slowed.url, "slowed")]);

    expect(pass.stderr).toContain("ok: ack:echo.p99 <= 1000");
    expect(pass.code).toBe(0);
    const report = loadReportSchema.parse(JSON.parse(readFileSync(join(dir, "quick", "report.json"), "utf8")));
    expect(report.metrics["ack:echo"]?.outcomes.delivered).toBe(40);
    expect(existsSync(join(dir, "quick", "report.html"))).toBe(true);

    expect(fail.code).toBe(1);
    expect(fail.stderr).toMatch(/fail: ack:echo\.p99 <= 1000 \(measured 1\d{3}\.\d+ ms\)/);
  }, 40_000);
});
