import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gate } from "../../../scenarios/budgets/gate.js";
import { MAX_CAUSES, Measurements, OTHER_CAUSE } from "../../../scenarios/engine/measurements.js";
import { buildReport, type LoadReport, loadReportSchema, withStatus } from "../../../scenarios/engine/report.js";
import { type ChartSpec, errorsChart, MAX_POINTS } from "../../../scenarios/report/chart-data.js";
import { htmlReport } from "../../../scenarios/report/html-report.js";
import { type JudgedReport, judged } from "../../../scenarios/report/judged-report.js";
import { hasChromium, type OpenedPage, openHtml, screenshot } from "../../reporting/browser.js";

const HOSTILE = `<script>window.pwned=1</script><img src=x onerror="window.pwned=2">`;

/** Two metrics over three intervals, a slow tail, some timeouts and one error of `cause`, and a metric named `name`. */
function sampleReport(name = "ack:echo", cause = "E1: busy"): LoadReport {
  const m = new Measurements();
  for (let second = 0; second < 3; second++) {
    for (let i = 0; i < 200; i++) m.delivered(name, 800 + ((i * 37) % 400) + (i % 50 === 0 ? 40_000 : 0));
    for (let i = 0; i < 50; i++) m.delivered("push:line", 2_000 + i * 10);
    m.failed(name, "timedOut", "ack_timeout", second);
    if (second === 1) m.failed(name, "errored", cause);
    m.tick();
  }
  const built = buildReport(m, {
    scenario: "sample",
    target: "http://127.0.0.1:1",
    plan: { vus: 2, rate: 200, durationSeconds: 3 },
  });
  return withStatus(built, "ok", false);
}

/** Budgets on the sample: p99 of 0.5 ms fails, the rest hold. */
function judgedSample(): JudgedReport {
  const report = sampleReport();
  const verdicts = gate(report, {
    metrics: { "ack:echo": { p50: 50, p99: 0.5 }, "push:line": { lossRate: 0 } },
  });
  return judged(report, verdicts, { volley: "0.0.0-test", node: process.version, scenarioFile: "sample.yml" });
}

/** The chart specs a page embeds for its script. */
const chartData = (html: string) =>
  JSON.parse(html.match(/id="volley-charts">(.*?)<\/script>/s)?.[1] ?? "[]") as ChartSpec[];

/** Every chart a page drew, with how many of its canvas pixels are coloured: axes, grid and labels are grey. */
const drawnCharts = (opened: OpenedPage) =>
  opened.page.locator(".chart").evaluateAll((els) =>
    els.map((el) => {
      const canvas = el.querySelector("canvas");
      const ctx = canvas?.getContext("2d");
      const data = canvas && ctx ? ctx.getImageData(0, 0, canvas.width, canvas.height).data : new Uint8ClampedArray();
      let painted = 0;
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b] = [data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0];
        if (Math.max(r, g, b) - Math.min(r, g, b) > 80 && (data[i + 3] ?? 0) > 0) painted++;
      }
      return { id: el.id, drawn: el.getAttribute("data-drawn"), painted };
    }),
  );

describe("the HTML load report", () => {
  it("writes the budgets' verdicts into report.json after the status, and renders from that object alone", () => {
    const report = judgedSample();
    expect(Object.keys(report).slice(0, 3)).toEqual(["status", "partial", "budgets"]);
    const round = JSON.parse(JSON.stringify(report)) as JudgedReport;
    expect(htmlReport(round)).toBe(htmlReport(report));
  });

  it("escapes a hostile scenario name, metric name and error cause, and keeps them out of its scripts", () => {
    const report = { ...sampleReport(HOSTILE, HOSTILE), scenario: HOSTILE };
    const html = htmlReport(report);
    const scripts = html.match(/<script[\s>]/g) ?? [];
    // The chart data, uPlot and the page's own script: nothing a value could add.
    expect(scripts).toHaveLength(3);
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;window.pwned=1&lt;/script&gt;");
  });

  it("marks a run stopped early PARTIAL, and counts connections that failed with their cause", () => {
    const m = new Measurements();
    m.delivered("connect", 2_000);
    m.failed("connect", "errored", "Unauthorized");
    const built = buildReport(m, {
      scenario: "s",
      target: "http://127.0.0.1:1",
      plan: { vus: 2, rate: null, durationSeconds: null },
    });
    const html = htmlReport(withStatus(built, "stopped by Ctrl-C", true));
    expect(html).toContain('id="verdict">PARTIAL<small>stopped early');
    expect(html).toContain("1 connected, 1 failed: Unauthorized ×1");
  });

  it(`keeps a 1-hour run's page under 1.5 MB with at most ${MAX_POINTS} points a series`, () => {
    const html = htmlReport(hourReport());
    expect(html.length).toBeLessThan(1_500_000);
    const data = chartData(html);
    expect(data.length).toBeGreaterThan(12);
    for (const chart of data) expect(chart.x.length).toBeLessThanOrEqual(MAX_POINTS);
  });

  it("draws p50, p90, p99, p99.9 and max over time, and each second's failures by cause", () => {
    const charts = chartData(htmlReport(judgedSample()));
    const latency = charts.find((c) => c.id === "chart-0-latency");
    expect(latency?.series.map((s) => s.label)).toEqual([
      "p50",
      "p90",
      "p99",
      "p99.9",
      "max",
      "budget p50 <= 50",
      "budget p99 <= 0.5",
    ]);
    const errors = charts.find((c) => c.id === "chart-0-errors");
    // Seconds 1, 2 and 3 timed out 0, 1 and 2 messages; the second also had one error reply.
    expect(errors?.series).toEqual([
      { label: "ack_timeout", values: [0, 1, 2] },
      { label: "E1: busy", values: [0, 1, 0] },
    ]);
    expect(charts.some((c) => c.id === "chart-1-errors")).toBe(false);
  });

  it("draws a report.json written before per-second p90, p99.9 and causes with the columns it has", () => {
    const report = sampleReport();
    const old = { ...report, timeline: report.timeline.map(({ p90: _a, p999: _b, causes: _c, ...rest }) => rest) };
    const charts = chartData(htmlReport(loadReportSchema.parse(JSON.parse(JSON.stringify(old)))));
    expect(charts.find((c) => c.id === "chart-0-latency")?.series.map((s) => s.label)).toEqual(["p50", "p99", "max"]);
    expect(charts.some((c) => c.id.endsWith("-errors"))).toBe(false);
  });

  it(`draws a merge's causes beyond ${MAX_CAUSES} as ${OTHER_CAUSE}, the most frequent by name`, () => {
    const point = (t: number, causes: Record<string, number>) => ({
      t,
      metric: "ack:x",
      delivered: 0,
      failed: Object.values(causes).reduce((a, b) => a + b, 0),
      causes,
      p50: 0,
      p99: 0,
      max: 0,
    });
    const causes = Object.fromEntries(Array.from({ length: MAX_CAUSES + 3 }, (_, i) => [`E${i}`, 100 - i]));
    const spec = errorsChart("e", [point(1, causes), point(2, { [OTHER_CAUSE]: 4, E0: 1 })]);
    expect(spec.series).toHaveLength(MAX_CAUSES + 1);
    expect(spec.series[0]).toEqual({ label: "E0", values: [100, 1] });
    // E20, E21 and E22 (80 + 79 + 78) in the first second, a worker's own `other` in the second.
    expect(spec.series.at(-1)).toEqual({ label: OTHER_CAUSE, values: [237, 4] });
  });

  describe.skipIf(!hasChromium)("in Chromium", () => {
    const dir = mkdtempSync(join(tmpdir(), "volley-load-html-"));
    let opened: OpenedPage;
    beforeAll(async () => {
      opened = await openHtml(dir, "report.html", htmlReport(judgedSample()));
    }, 20_000);
    afterAll(() => opened?.close());

    it("loads offline with no console error and draws every chart on its canvas", async () => {
      expect(opened.errors).toEqual([]);
      expect(opened.requests).toEqual([opened.url]);
      const charts = await drawnCharts(opened);
      expect(charts.map((c) => c.id)).toEqual([
        "chart-totals",
        "chart-0-latency",
        "chart-0-hdr",
        "chart-0-counts",
        "chart-0-errors",
        "chart-1-latency",
        "chart-1-hdr",
        "chart-1-counts",
      ]);
      for (const c of charts) {
        expect(c.drawn, c.id).toBe("true");
        expect(c.painted, c.id).toBeGreaterThan(20);
      }
    });

    it("shows the verdict and the budgets above the fold, the failing budget first with measured value and limit", async () => {
      const { page } = opened;
      expect(await page.locator("#verdict").textContent()).toMatch(/^FAIL.*2 of 3 budgets held/);
      const rows = await page
        .locator("table.budgets tbody tr")
        .evaluateAll((trs) => trs.map((tr) => [...tr.children].slice(0, 4).map((td) => td.textContent)));
      expect(rows[0]?.[0]).toBe("ack:echo.p99");
      expect(rows[0]?.[2]).toBe("<= 0.5 ms");
      expect(rows[0]?.[3]).toBe("fail");
      expect(rows.slice(1).map((r) => [r[0], r[3]])).toEqual([
        ["ack:echo.p50", "ok"],
        ["push:line.lossRate", "ok"],
      ]);
      const table = await page.locator("table.budgets").boundingBox();
      expect((table?.y ?? 900) + (table?.height ?? 0)).toBeLessThan(900);
      await screenshot(page, "load-sample.png", true);
    });

    it("runs no script from a hostile name: the name shows as text", async () => {
      const report = { ...sampleReport(HOSTILE, HOSTILE), scenario: HOSTILE };
      const hostile = await openHtml(dir, "hostile.html", htmlReport(report));
      try {
        expect(hostile.errors).toEqual([]);
        expect(await hostile.page.evaluate(() => (globalThis as { pwned?: number }).pwned)).toBeUndefined();
        expect(await hostile.page.locator("h1").textContent()).toBe(HOSTILE);
        expect(await hostile.page.locator("img").count()).toBe(0);
        // The cause is an errors chart's series label: uPlot shows it as text in the legend.
        expect(await hostile.page.locator("#chart-0-errors .u-legend").textContent()).toContain(HOSTILE);
      } finally {
        await hostile.close();
      }
    });

    it("opens a 1-hour run's report with every chart drawn", async () => {
      const hour = await openHtml(dir, "hour.html", htmlReport(hourReport()));
      try {
        expect(hour.errors).toEqual([]);
        const charts = await drawnCharts(hour);
        expect(charts.every((c) => c.drawn === "true" && c.painted > 20)).toBe(true);
      } finally {
        await hour.close();
      }
    });
  });
});

/**
 * A report shaped like a 1-hour run of 12 metrics: one timeline point per metric and one totals row per second
 * (what the engine writes), histograms from a few thousand latencies each.
 */
function hourReport(): LoadReport {
  const base = sampleReport();
  const names = Array.from({ length: 12 }, (_, i) => `ack:event-${i}`);
  const metric = base.metrics["ack:echo"];
  if (metric === undefined) throw new Error("the sample has ack:echo");
  const seconds = Array.from({ length: 3600 }, (_, s) => s + 1);
  return {
    ...base,
    durationSeconds: 3600,
    metrics: Object.fromEntries(names.map((n) => [n, metric])),
    timeline: seconds.flatMap((t) =>
      names.map((n, i) => ({
        t,
        metric: n,
        delivered: 100 + i,
        failed: t % 97 === 0 ? 1 : 0,
        ...(t % 97 === 0 ? { causes: { ack_timeout: 1 } } : {}),
        p50: 1 + (t % 7) / 10,
        p90: 3 + (t % 11) / 10,
        p99: 5 + (t % 13),
        p999: 7 + (t % 17),
        max: 9 + (t % 300),
      })),
    ),
    totals: seconds.map((t) => ({
      t,
      seconds: 1,
      sent: 1300,
      delivered: 1290,
      targetRate: 1300,
      arrived: 0,
      active: 50,
    })),
  };
}
