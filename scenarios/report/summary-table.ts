import type { LoadReport } from "../engine/report.js";
import { fmtMs, fmtRate, table } from "./table.js";

/**
 * The end-of-run summary: the verdict first when it is not plain `ok`, the run's rates, one row per metric
 * (latencies in ms, every outcome counted), the failure causes per metric and the steps users skipped.
 */
export function summaryTable(report: LoadReport): string {
  const rows = [
    ["metric", "delivered", "lost", "errored", "timed out", "msg/s", "p50 ms", "p95 ms", "p99 ms", "max ms"],
  ];
  for (const [name, m] of Object.entries(report.metrics)) {
    const l = m.latency;
    const timed = l.count > 0;
    rows.push([
      name,
      String(m.outcomes.delivered),
      String(m.outcomes.lost),
      String(m.outcomes.errored),
      String(m.outcomes.timedOut),
      fmtRate(m.throughput),
      ...(timed ? [fmtMs(l.p50), fmtMs(l.p95), fmtMs(l.p99), fmtMs(l.max)] : ["-", "-", "-", "-"]),
    ]);
  }
  const errors = Object.entries(report.metrics).flatMap(([name, m]) =>
    Object.entries(m.errors).map(([cause, n]) => `  ${name}: ${cause} x${n}`),
  );
  const skipped = Object.entries(report.skipped ?? {})
    .filter(([, s]) => s.steps > 0)
    .map(([metric, s]) => `  after ${metric} failed: ${s.users} users stopped, ${s.steps} steps not run`);
  const status = report.status === undefined || report.status === "ok" ? [] : [report.status];
  const users = report.users;
  const arrivals =
    users === undefined
      ? ""
      : `, ${users.started} started${users.skippedArrivals > 0 ? `, ${users.skippedArrivals} arrivals skipped (maxVusers)` : ""}`;
  const head = `${report.scenario} against ${report.target}: ${report.durationSeconds.toFixed(1)} s, peak ${report.peakVirtualUsers} users${arrivals}`;
  const r = report.rates;
  const rates =
    r === undefined
      ? []
      : [
          `rates: target ${r.target === null ? "-" : `${fmtRate(r.target)} msg/s`}, sent ${fmtRate(r.sent)} msg/s, delivered ${fmtRate(r.delivered)} msg/s`,
        ];
  return [
    ...status,
    head,
    ...rates,
    "",
    table(rows),
    ...(errors.length > 0 ? ["", "errors:", ...errors] : []),
    ...(skipped.length > 0 ? ["", "skipped:", ...skipped] : []),
  ].join("\n");
}
