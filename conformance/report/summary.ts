import { LOST_DURING, type Report } from "../runner/result.js";

/**
 * The end-of-run text: a table of counts, then each unexpected failure with its counterexample's essentials and
 * "Reproduce with:" lines, then the expected failures and unexpected passes. `replayFiles` maps check ids to the
 * replay files written for them.
 */
export function renderSummary(report: Report, replayFiles: ReadonlyMap<string, string> = new Map()): string {
  const c = report.counts;
  const lines = [
    "",
    "Summary",
    `  passed            ${c.pass}`,
    `  failed            ${c.fail}   (unexpected)`,
    `  expected failures ${c["expected-fail"]}`,
    `  unexpected passes ${c["unexpected-pass"]}`,
    `  skipped           ${c.skip}`,
    `  errors            ${c.error}`,
    `  seed ${report.seed}, ${report.numRuns} runs, ${report.durationMs} ms`,
  ];
  for (const r of report.results.filter((x) => x.classification === "fail")) {
    const f = r.failure;
    if (f === undefined) continue;
    lines.push("", `FAIL [${r.level}] ${r.id}: ${r.title}`, `  ${r.doc.file} § ${r.doc.section}`, `  ${f.title}`);
    lines.push(`  expected: ${show(f.expected)}`, `  actual:   ${show(f.actual)}`);
    // Shrinking stops once the target is gone (see runProperty): the input is then the one sent as it went away.
    const shrunk = r.reason?.includes(LOST_DURING) === true ? "as sent when the target went" : "shrunk";
    if (f.counterexample !== undefined) lines.push(`  counterexample (${shrunk}): ${f.counterexample}`);
    if (r.reason !== undefined) lines.push(`  then ${r.reason}`);
    const file = replayFiles.get(r.id);
    lines.push("  Reproduce with:", `    ${f.reproduce}`);
    if (file !== undefined) lines.push(`    volley replay ${file} --target ${report.target}`);
  }
  const xfail = report.results.filter((x) => x.classification === "expected-fail");
  if (xfail.length > 0) lines.push("", "Expected failures:", ...xfail.map((r) => `  ${r.id}: ${r.reason}`));
  const xpass = report.results.filter((x) => x.classification === "unexpected-pass");
  if (xpass.length > 0) {
    lines.push("", "Unexpected passes (remove from the expectations file):", ...xpass.map((r) => `  ${r.id}`));
  }
  // Checks never run after the target was lost are one fact, stated once below, not one line each.
  const notRun = (r: (typeof report.results)[number]) =>
    report.targetLost !== undefined && r.reason?.startsWith("not run: ") === true;
  const errors = report.results.filter((x) => x.classification === "error" && !notRun(x));
  if (errors.length > 0) lines.push("", "Errors:", ...errors.map((r) => `  ${r.id}: ${r.reason?.split("\n")[0]}`));
  if (report.unknownExpectations.length > 0) {
    lines.push("", "Expectations naming no check:", ...report.unknownExpectations.map((id) => `  ${id}`));
  }
  if (report.targetLost !== undefined) {
    const during = report.results.find((r) => r.reason?.includes(LOST_DURING) === true);
    const met =
      during?.status === "fail"
        ? `${during.id} failed, then the target was gone (its input may have crashed the server);`
        : "the check that met it and";
    lines.push(
      "",
      `TARGET LOST: ${report.targetLost}`,
      `  ${met} the ${report.results.filter(notRun).length} not run after it are errors, not verdicts`,
    );
  }
  const shouldFails = report.results.filter((r) => r.classification === "fail" && r.level === "should").length;
  const verdict = report.exitCode === 0 ? "PASS" : report.exitCode === 1 ? "FAIL" : "ERROR";
  const note =
    shouldFails > 0 && !report.strict
      ? ` (${shouldFails} should-level failure(s) not gating; --strict gates them)`
      : "";
  lines.push("", `${verdict}${note}`);
  return lines.join("\n");
}

function show(v: unknown): string {
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return s === undefined ? "undefined" : s.length > 300 ? `${s.slice(0, 300)}…` : s;
}
