import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { escapeXml as esc } from "../../reporting/escape-xml.js";
import { badge, htmlPage, htmlTable, type Tone } from "../../reporting/html-page.js";
import type { MetricReport } from "../engine/report.js";
import {
  type ChartSpec,
  countChart,
  errorsChart,
  hdrChart,
  latencyChart,
  MAX_POINTS,
  totalsChart,
} from "./chart-data.js";
import { CHART_SCRIPT } from "./chart-script.js";
import type { JudgedReport } from "./judged-report.js";
import { fmtMs, fmtRate } from "./table.js";
import { showValue, verdictText } from "./verdict-text.js";

const uplotFile = (name: string) => readFileSync(createRequire(import.meta.url).resolve(`uplot/dist/${name}`), "utf8");

/**
 * The self-contained HTML report, from report.json alone (so `volley gate` re-renders it from merged reports):
 * verdict and budgets first, then the run in words, a table per metric, and uPlot charts inlined with their data,
 * so the file opens offline and can be attached to a CI run.
 */
export function htmlReport(report: JudgedReport): string {
  const charts: ChartSpec[] = [];
  const metricSections = Object.entries(report.metrics).map(([name, m], i) =>
    metricSection(report, name, m, i, charts),
  );
  if (report.totals !== undefined && report.totals.length > 0) charts.push(totalsChart("chart-totals", report.totals));
  const body = [
    "<main>",
    `<h1>${esc(report.scenario)}</h1>`,
    `<p class="sub">${esc(report.target)} · ${esc(report.startedAt)} → ${esc(endOf(report))} · ${report.durationSeconds.toFixed(1)} s</p>`,
    verdictBanner(report),
    budgetTable(report),
    connections(report),
    rateCards(report),
    aboutRun(report),
    "<h2>Metrics</h2>",
    summaryTable(report),
    errorTable(report),
    report.totals === undefined || report.totals.length === 0
      ? ""
      : `<h3>Send and delivery rates, users running</h3><div class="chart" id="chart-totals"></div>`,
    ...metricSections,
    `<p class="sub">Charts draw at most ${MAX_POINTS} points a series: each point of a longer run is a bucket of seconds, latencies its worst second, counts its mean per second.</p>`,
    "</main>",
    // "<" inside the JSON is escaped so that no value can close the script element.
    `<script type="application/json" id="volley-charts">${JSON.stringify(charts).replace(/</g, "\\u003c")}</script>`,
    `<script>${uplotFile("uPlot.iife.min.js")}</script>`,
    `<script>${CHART_SCRIPT}</script>`,
  ];
  return htmlPage(
    `Volley load report: ${report.scenario}`,
    body.join("\n"),
    `<style>${uplotFile("uPlot.min.css")}${CSS}</style>`,
  );
}

const CSS = `
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(360px,1fr));gap:12px}
.chart{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:6px;min-height:230px;overflow:hidden}
.chart .u-legend{font-size:12px}.metric{margin-top:22px}
`;

function endOf(report: JudgedReport): string {
  const start = Date.parse(report.startedAt);
  return Number.isNaN(start) ? "?" : new Date(start + report.durationSeconds * 1000).toISOString();
}

function verdictBanner(report: JudgedReport): string {
  const failed = (report.budgets ?? []).filter((v) => !v.pass).length;
  const status = report.status ?? "not judged (an Artillery worker's report)";
  const bad = (report.status !== undefined && report.status !== "ok") || failed > 0;
  const tone: Tone = report.partial ? "warn" : bad ? "fail" : report.status === undefined ? "muted" : "ok";
  const head = report.partial
    ? "PARTIAL"
    : bad
      ? "FAIL"
      : report.status === undefined && report.budgets === undefined
        ? "NOT JUDGED"
        : "PASS";
  const budgets =
    report.budgets === undefined
      ? "no budgets given (--budgets)"
      : `${report.budgets.length - failed} of ${report.budgets.length} budgets held`;
  const partial = report.partial ? "stopped early: the figures cover only the part that ran; " : "";
  return `<div class="banner ${tone}" id="verdict">${head}<small>${esc(`${partial}run: ${status}; ${budgets}`)}</small></div>`;
}

function budgetTable(report: JudgedReport): string {
  if (report.budgets === undefined || report.budgets.length === 0) return "";
  // Failures first: what a person opens the report for.
  const sorted = [...report.budgets].sort((a, b) => Number(a.pass) - Number(b.pass));
  const rows = sorted.map((v) => [
    `<code>${esc(`${v.metric}.${v.check}`)}</code>`,
    `<span class="num">${esc(showValue(v, v.measured))}</span>`,
    esc(`${v.op} ${showValue(v, v.budget)}`),
    v.pass ? badge("ok", "ok") : badge("fail", "fail"),
    esc(verdictText(v)),
  ]);
  return `<h2>Budgets</h2>${htmlTable("budgets", [["budget", "measured", "limit", "verdict", ""], ...rows])}`;
}

/** Users that never connected or dropped: the `connect` and `disconnect` metrics, with their causes. */
function connections(report: JudgedReport): string {
  const lines = ["connect", "disconnect"].flatMap((name) => {
    const m = report.metrics[name];
    if (m === undefined) return [];
    const failed = m.outcomes.errored + m.outcomes.timedOut + m.outcomes.lost;
    const causes = Object.entries(m.errors).map(([code, n]) => `${code} ×${n}`);
    if (name === "connect") {
      const text = `${m.outcomes.delivered} connected, ${failed} failed${causes.length === 0 ? "" : `: ${causes.join(", ")}`}`;
      return [`<li>${failed === 0 ? badge("ok", "connections") : badge("fail", "connections")} ${esc(text)}</li>`];
    }
    const dropped = m.outcomes.delivered + failed;
    return dropped === 0
      ? []
      : [
          `<li>${badge("fail", "dropped")} ${esc(`${dropped} connections dropped${causes.length === 0 ? "" : `: ${causes.join(", ")}`}`)}</li>`,
        ];
  });
  const skipped = Object.entries(report.skipped ?? {}).map(
    ([metric, s]) =>
      `<li>${badge("warn", "skipped")} ${esc(`${s.users} users stopped at ${metric}, ${s.steps} steps not run`)}</li>`,
  );
  const arrivals = report.users?.skippedArrivals ?? 0;
  if (arrivals > 0)
    skipped.push(`<li>${badge("warn", "arrivals")} ${esc(`${arrivals} arrivals skipped (maxVusers)`)}</li>`);
  const all = [...lines, ...skipped];
  return all.length === 0 ? "" : `<ul class="plain" id="connections">${all.join("")}</ul>`;
}

function rateCards(report: JudgedReport): string {
  const card = (v: string, label: string) => `<div class="card"><b>${esc(v)}</b><span>${esc(label)}</span></div>`;
  const r = report.rates;
  return `<div class="cards" id="rates">${[
    ...(r === undefined
      ? []
      : [
          card(r.target === null ? "–" : fmtRate(r.target), "target msg/s"),
          card(fmtRate(r.sent), "sent msg/s"),
          card(fmtRate(r.delivered), "delivered msg/s"),
        ]),
    card(String(report.peakVirtualUsers), "peak users"),
    ...(report.users === undefined ? [] : [card(String(report.users.started), "users started")]),
    card(`${report.durationSeconds.toFixed(1)} s`, "duration"),
  ].join("")}</div>`;
}

/** The plan in words and what ran it. */
function aboutRun(report: JudgedReport): string {
  const p = report.plan;
  const words = [
    `${p.vus} ${p.vus === 1 ? "user" : "users"}`,
    p.rate === null ? "no --rate (the scenario's own pace)" : `--rate ${p.rate} msg/s shared by the sending users`,
    p.durationSeconds === null
      ? "no --duration (the scenario's own length)"
      : `loops and holds for ${p.durationSeconds} s`,
  ].join(", ");
  const a = report.about;
  const ran =
    a === undefined
      ? "Volley and Node versions not recorded (a merged or older report)"
      : `Volley ${a.volley} · Node ${a.node}${a.scenarioFile === undefined ? "" : ` · ${a.scenarioFile}`}`;
  return `<p id="plan"><b>Plan:</b> ${esc(words)}.<br><b>Ran with:</b> ${esc(ran)} · no seed: the load engine draws no random numbers.</p>`;
}

function summaryTable(report: JudgedReport): string {
  const num = (s: string | number) => `<span class="num">${s}</span>`;
  const rows = Object.entries(report.metrics).map(([name, m]) => {
    const l = m.latency;
    const lat =
      l.count > 0 ? [l.p50, l.p90, l.p99, l.p999, l.max].map((v) => num(fmtMs(v))) : ["–", "–", "–", "–", "–"];
    const o = m.outcomes;
    return [
      `<a href="#m${Object.keys(report.metrics).indexOf(name)}">${esc(name)}</a>`,
      esc(m.kind ?? ""),
      ...[o.delivered, o.lost, o.errored, o.timedOut].map(num),
      num(fmtRate(m.throughput)),
      ...lat,
    ];
  });
  const head = [
    "metric",
    "kind",
    "delivered",
    "lost",
    "errored",
    "timed out",
    "msg/s",
    "p50 ms",
    "p90 ms",
    "p99 ms",
    "p99.9 ms",
    "max ms",
  ];
  return htmlTable("summary", [head, ...rows]);
}

function errorTable(report: JudgedReport): string {
  const rows = Object.entries(report.metrics).flatMap(([name, m]) =>
    Object.entries(m.errors).map(([cause, n]) => [esc(name), esc(cause), `<span class="num">${n}</span>`]),
  );
  return rows.length === 0
    ? "<p>No errors, losses or timeouts.</p>"
    : `<h3>Errors, losses and timeouts by cause</h3>${htmlTable("errors", [["metric", "cause", "count"], ...rows])}`;
}

/**
 * One metric: latency over time (p50/p90/p99/p99.9/max) with its budget lines, the HDR percentile curve, counts over
 * time and failures over time by cause.
 */
function metricSection(report: JudgedReport, name: string, m: MetricReport, i: number, charts: ChartSpec[]): string {
  const points = report.timeline.filter((p) => p.metric === name);
  const limits = (report.budgets ?? [])
    .filter((v) => v.metric === name && v.unit === "ms")
    .map((v) => ({ label: `budget ${v.check} ${v.op} ${v.budget}`, value: v.budget }));
  const boxes: string[] = [];
  const add = (spec: ChartSpec, title: string) => {
    charts.push(spec);
    boxes.push(`<div><div class="title">${esc(title)}</div><div class="chart" id="${spec.id}"></div></div>`);
  };
  if (m.latency.count > 0) {
    const latency = latencyChart(`chart-${i}-latency`, points, limits);
    add(latency, `latency over time${latency.log ? " (log scale)" : ""}`);
    const hdr = hdrChart(`chart-${i}-hdr`, m);
    add(hdr, `latency by percentile${hdr.log ? " (log scale)" : ""}`);
  }
  add(countChart(`chart-${i}-counts`, points), "delivered and failed per second");
  // Reports written before per-second causes have none: their failures show in the counts chart alone.
  if (points.some((p) => p.causes !== undefined))
    add(errorsChart(`chart-${i}-errors`, points), "errors over time by cause");
  const l = m.latency;
  const facts =
    l.count === 0
      ? "no latencies"
      : `p50 ${fmtMs(l.p50)} · p90 ${fmtMs(l.p90)} · p99 ${fmtMs(l.p99)} · p99.9 ${fmtMs(l.p999)} · max ${fmtMs(l.max)} ms`;
  return `<section class="metric" id="m${i}"><h3>${esc(name)} <small class="sub">${esc(facts)}</small></h3><div class="grid">${boxes.join("")}</div></section>`;
}
