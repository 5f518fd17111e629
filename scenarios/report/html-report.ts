import { escapeXml as esc } from "../../reporting/escape-xml.js";
import { decodeHistogram, type Histogram } from "../engine/histogram.js";
import type { LoadReport } from "../engine/report.js";
import { barChart, lineChart, type Series } from "./svg-chart.js";

/**
 * The self-contained HTML report: styles and charts inline, no script, no fonts, no network, so it opens offline
 * and can be attached to a CI run as one file.
 */
export function htmlReport(report: LoadReport): string {
  const timed = Object.entries(report.metrics).filter(([, m]) => m.latency.count > 0);
  const byMetric = (pick: (p: LoadReport["timeline"][number]) => number, names: string[]): Series[] =>
    names.map((name) => ({
      name,
      points: report.timeline.filter((p) => p.metric === name).map((p) => [p.t, pick(p)] as const),
    }));
  const allNames = Object.keys(report.metrics);
  const latencyOverTime = lineChart(
    "Latency over time (p50 solid, p99 dashed)",
    "seconds since start",
    "ms",
    timed.flatMap(([name]) => [
      ...byMetric((p) => p.p50, [name]).map((s) => ({ ...s, name: `${name} p50` })),
      ...byMetric((p) => p.p99, [name]).map((s) => ({ ...s, name: `${name} p99`, dashed: true })),
    ]),
  );
  const histograms = timed.map(([name, m]) =>
    barChart(`Latency histogram: ${name}`, "ms (log bins)", "messages", logBins(decodeHistogram(m.histogram))),
  );
  const throughput = lineChart(
    "Throughput",
    "seconds since start",
    "delivered / s",
    byMetric((p) => p.delivered, allNames),
  );
  const errors = lineChart(
    "Errors, losses and timeouts",
    "seconds since start",
    "failed / s",
    byMetric((p) => p.failed, allNames),
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Volley load report: ${esc(report.scenario)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#111}table{border-collapse:collapse;margin:8px 0 16px}
td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left}
.chart{display:block;margin:12px 0;border:1px solid #eee}.title{font-weight:600;font-size:13px}
.tick,.legend,.axis-label{font-size:11px;fill:#444}.axis{stroke:#333}.grid{stroke:#eee}
</style></head><body>
<h1>${esc(report.scenario)}</h1>
${report.status === undefined ? "" : `<p><strong>${esc(report.status)}</strong></p>`}
${report.rates === undefined ? "" : `<p>Rates: target ${report.rates.target === null ? "-" : `${report.rates.target.toFixed(1)} msg/s`} · sent ${report.rates.sent.toFixed(1)} msg/s · delivered ${report.rates.delivered.toFixed(1)} msg/s</p>`}
<p>Target ${esc(report.target)} · started ${esc(report.startedAt)} · ${report.durationSeconds.toFixed(1)} s · peak ${report.peakVirtualUsers} users · plan ${esc(JSON.stringify(report.plan))}</p>
${summary(report)}
${latencyOverTime}
${histograms.join("\n")}
${throughput}
${errors}
${errorTable(report)}
</body></html>
`;
}

function summary(report: LoadReport): string {
  const head =
    "<tr><th>metric</th><th>delivered</th><th>lost</th><th>errored</th><th>timed out</th><th>msg/s</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th><th>max ms</th></tr>";
  const rows = Object.entries(report.metrics).map(([name, m]) => {
    const cells = [
      m.outcomes.delivered,
      m.outcomes.lost,
      m.outcomes.errored,
      m.outcomes.timedOut,
      m.throughput.toFixed(1),
    ];
    const lat =
      m.latency.count > 0 ? [m.latency.p50, m.latency.p95, m.latency.p99, m.latency.max] : ["-", "-", "-", "-"];
    return `<tr><td>${esc(name)}</td>${[...cells, ...lat].map((c) => `<td>${c}</td>`).join("")}</tr>`;
  });
  return `<table class="summary">${head}${rows.join("")}</table>`;
}

function errorTable(report: LoadReport): string {
  const rows = Object.entries(report.metrics).flatMap(([name, m]) =>
    Object.entries(m.errors).map(([code, n]) => `<tr><td>${esc(name)}</td><td>${esc(code)}</td><td>${n}</td></tr>`),
  );
  return rows.length === 0
    ? "<p>No errors, losses or timeouts.</p>"
    : `<table class="errors"><tr><th>metric</th><th>code</th><th>count</th></tr>${rows.join("")}</table>`;
}

/** Counts in logarithmic bins (4 a decade) between the histogram's min and max, found by bisecting percentiles. */
function logBins(h: Histogram): { label: string; value: number }[] {
  const lo = Math.floor(Math.log10(Math.max(1, h.minNonZeroValue)) * 4);
  const hi = Math.ceil(Math.log10(Math.max(2, h.getValueAtPercentile(100))) * 4);
  const below = (us: number) => {
    // Fraction of values <= us: the largest percentile whose value is <= us.
    let a = 0;
    let b = 100;
    for (let i = 0; i < 30; i++) {
      const mid = (a + b) / 2;
      if (h.getValueAtPercentile(mid) <= us) a = mid;
      else b = mid;
    }
    return (a / 100) * h.totalCount;
  };
  const bins: { label: string; value: number }[] = [];
  let prev = below(10 ** (lo / 4) - 1);
  for (let k = lo; k < hi; k++) {
    const edge = 10 ** ((k + 1) / 4);
    const at = below(edge);
    bins.push({ label: `${Number((10 ** (k / 4) / 1000).toPrecision(2))}`, value: Math.round(at - prev) });
    prev = at;
  }
  return bins;
}
