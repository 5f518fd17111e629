import type { Verdict } from "../budgets/gate.js";
import { table } from "./table.js";
import { showValue as show } from "./verdict-text.js";

/** The gate's table (metric, budget, measured, verdict) followed by Artillery-ensure style `ok:`/`fail:` lines. */
export function verdictTable(verdicts: readonly Verdict[]): string {
  const rows = [["metric", "check", "budget", "measured", "verdict"]];
  for (const v of verdicts) {
    rows.push([v.metric, v.check, show(v, v.budget), show(v, v.measured), v.pass ? "ok" : "FAIL"]);
  }
  const lines = verdicts.map(
    (v) => `${v.pass ? "ok" : "fail"}: ${v.expression}${v.pass ? "" : ` (measured ${show(v, v.measured)})`}`,
  );
  return [table(rows), "", ...lines].join("\n");
}
