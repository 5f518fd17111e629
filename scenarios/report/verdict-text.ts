import type { Verdict } from "../budgets/gate.js";

/** A budget's value in its unit: ratios as percentages, absent when the report has no such metric. */
export const showValue = (v: Pick<Verdict, "unit">, n: number | undefined): string =>
  n === undefined ? "(absent)" : v.unit === "ratio" ? `${(n * 100).toFixed(3)}%` : `${Number(n.toFixed(3))} ${v.unit}`;

/** "measured 61.2 ms, limit <= 50 ms": what JUnit and the HTML report say of one budget line. */
export function verdictText(v: Verdict): string {
  const measured = v.measured === undefined ? "no such metric in the report" : `measured ${showValue(v, v.measured)}`;
  return `${measured}, limit ${v.op} ${showValue(v, v.budget)}`;
}
