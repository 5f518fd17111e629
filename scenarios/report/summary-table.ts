import type { LoadReport } from "../engine/report.js";
import { fmtMs, fmtRate, table } from "./table.js";

/** The end-of-run summary: one row per metric, latencies in ms, every outcome counted. */
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
    Object.entries(m.errors).map(([code, n]) => `  ${name}: ${code} x${n}`),
  );
  const head = `${report.scenario} against ${report.target}: ${report.durationSeconds.toFixed(1)} s, peak ${report.peakVirtualUsers} users`;
  return [head, "", table(rows), ...(errors.length > 0 ? ["", "errors:", ...errors] : [])].join("\n");
}
