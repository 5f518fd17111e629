import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { Measurements } from "../../../scenarios/engine/measurements.js";
import { buildReport } from "../../../scenarios/engine/report.js";
import { htmlReport } from "../../../scenarios/report/html-report.js";

const CHROMIUM = "/usr/bin/chromium";

/** A report with known shape: two metrics over three seconds, a slow tail and some timeouts. */
function sampleReport() {
  const m = new Measurements();
  for (let second = 0; second < 3; second++) {
    for (let i = 0; i < 200; i++) m.delivered("ack:echo", 800 + ((i * 37) % 400) + (i % 50 === 0 ? 40_000 : 0));
    for (let i = 0; i < 50; i++) m.delivered("push:line", 2_000 + i * 10);
    m.failed("ack:echo", "timedOut", "ack_timeout", second);
    m.tick();
  }
  return buildReport(m, {
    scenario: "sample",
    target: "http://127.0.0.1:1",
    plan: { vus: 2, rate: 200, durationSeconds: 3 },
  });
}

describe("the HTML report", () => {
  it.skipIf(!existsSync(CHROMIUM))(
    "renders its charts offline in headless Chromium: latency over time, histograms, throughput, errors",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "volley-html-"));
      const file = join(dir, "report.html");
      writeFileSync(file, htmlReport(sampleReport()));
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
        ],
      });
      try {
        const context = await browser.newContext();
        const page = await context.newPage();
        const requests: string[] = [];
        page.on("request", (r) => requests.push(r.url()));
        await page.goto(pathToFileURL(file).href, { timeout: 10_000 });
        const charts = await page.locator("svg.chart").evaluateAll((svgs) =>
          svgs.map((svg) => ({
            label: svg.getAttribute("aria-label"),
            paths: [...svg.querySelectorAll("path")].filter((p) => (p.getAttribute("d") ?? "").length > 10).length,
            height: svg.getBoundingClientRect().height,
          })),
        );
        expect(charts.map((c) => c.label)).toEqual([
          "Latency over time (p50 solid, p99 dashed)",
          "Latency histogram: ack:echo",
          "Latency histogram: push:line",
          "Throughput",
          "Errors, losses and timeouts",
        ]);
        for (const chart of charts) {
          expect(chart.paths, chart.label ?? "").toBeGreaterThan(0);
          expect(chart.height).toBeGreaterThan(100);
        }
        expect(await page.locator("table.errors").textContent()).toContain("ack_timeout");
        // Self-contained: the page asked for nothing but itself.
        expect(requests).toEqual([pathToFileURL(file).href]);
        await page.screenshot({ path: join(dir, "report.png"), fullPage: true });
      } finally {
        await browser.close();
      }
    },
    30_000,
  );
});
