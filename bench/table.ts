import type { BenchmarkResult } from "./result.js";
import { round } from "./stats.js";

function pad(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

const show = (n: number) => String(round(n));

/** One benchmark as text: a row per contender (median and each round), then its ratios with verdicts. */
export function renderResult(result: BenchmarkResult): string {
  const rows = [
    ["contender", "metric", "median", "unit", "rounds"],
    ...result.measured.map((m) => [m.contender, m.metric, show(m.median), m.unit, m.rounds.map(show).join(" ")]),
  ];
  const ratios = [
    ["ratio", "value", "target", "verdict"],
    ...result.ratios.map((r) => [
      r.name,
      `${round(r.value)}x`,
      r.target === undefined
        ? ""
        : [
            r.target.atLeast === undefined ? "" : `>= ${r.target.atLeast}`,
            r.target.atMost === undefined ? "" : `<= ${r.target.atMost}`,
          ]
            .filter(Boolean)
            .join(" "),
      r.met === undefined ? "" : r.met ? "ok" : "MISSED",
    ]),
  ];
  return [result.title, pad(rows), "", pad(ratios), ...result.notes.map((n) => `  ${n}`)].join("\n");
}
