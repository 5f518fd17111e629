import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Measurements } from "../../../scenarios/engine/measurements.js";
import { buildReport } from "../../../scenarios/engine/report.js";

/** One worker's report: `n` acks at 1..n ms. */
function workerReport(n: number) {
  const m = new Measurements();
  for (let i = 1; i <= n; i++) m.delivered("ack:echo", i * 1000);
  m.tick();
  return buildReport(m, {
    scenario: "t",
    target: "http://127.0.0.1:1",
    plan: { vus: 1, rate: null, durationSeconds: null },
  });
}

describe("volley gate --html", () => {
  it("re-renders report.html from merged worker reports, with the merged verdicts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "volley-gate-html-"));
    writeFileSync(join(dir, "a.json"), JSON.stringify(workerReport(100)));
    writeFileSync(join(dir, "b.json"), JSON.stringify(workerReport(300)));
    writeFileSync(join(dir, "budgets.json"), JSON.stringify({ metrics: { "ack:echo": { p50: 1000, p99: 100 } } }));
    const out = join(dir, "merged.html");
    const code = await new Promise<number>((resolve) =>
      execFile(
        "node",
        [
          "bin/volley.js",
          "gate",
          join(dir, "a.json"),
          join(dir, "b.json"),
          "--budgets",
          join(dir, "budgets.json"),
          "--html",
          out,
        ],
        { timeout: 20_000 },
        (err) => resolve(err === null ? 0 : Number(err.code)),
      ),
    );
    expect(code).toBe(1);
    const html = readFileSync(out, "utf8");
    expect(html).toContain('id="verdict">FAIL');
    // 400 acks merged: p99 is about 297 ms, over the 100 ms budget; neither worker alone has 400.
    expect(html).toMatch(/<td><code>ack:echo\.p99<\/code><\/td><td><span class="num">29\d(\.\d+)? ms<\/span>/);
    expect(html).toMatch(/<td>400<\/td>|>400</);
  }, 30_000);
});
