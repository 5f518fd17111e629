import { compactIds, describeNotMeasured } from "../runner/coverage.js";
import { isGating, isNotRun, LOST_DURING, type Report } from "../runner/result.js";

/** How much of an expected or actual value the summary prints. */
const SHOWN_CHARS = 2_000;

/**
 * The end-of-run text: what was measured out of the selection and the counts, then each unexpected failure with its
 * counterexample's essentials and "Reproduce with:" lines, the checks not measured (grouped by cause), the expected
 * failures and unexpected passes, the restarts, and a verdict line that says why it is not PASS. `replayFiles` maps
 * check ids to the replay files written for them.
 */
export function renderSummary(report: Report, replayFiles: ReadonlyMap<string, string> = new Map()): string {
  const c = report.counts;
  const cov = report.coverage;
  const failed = report.results.filter((r) => r.classification === "fail");
  const shouldFails = failed.filter((r) => r.level === "should").length;
  const excluded = cov.excluded.length === 0 ? "" : `, ${cov.excluded.length} excluded by --exclude`;
  const lines = [
    "",
    `Summary: ${cov.ran} of ${cov.selected} selected checks ran${excluded}`,
    `  passed            ${c.pass}`,
    `  failed            ${c.fail}   (unexpected${shouldFails === 0 ? "" : `: ${c.fail - shouldFails} must, ${shouldFails} should`})`,
    `  expected failures ${c["expected-fail"]}`,
    `  unexpected passes ${c["unexpected-pass"]}`,
    `  skipped           ${c.skip}`,
    `  blocked           ${c.blocked}`,
    `  errors            ${c.error}`,
    `  seed ${report.seed}, ${report.numRuns} runs, ${report.durationMs} ms`,
  ];
  for (const r of failed) {
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
  if (cov.notMeasured.length > 0) {
    lines.push("", "Not measured:");
    for (const g of cov.notMeasured) lines.push(`  ${describeNotMeasured(g)}`, `    ${compactIds(g.ids)}`);
  }
  const xfail = report.results.filter((x) => x.classification === "expected-fail");
  if (xfail.length > 0) lines.push("", "Expected failures:", ...xfail.map((r) => `  ${r.id}: ${r.reason}`));
  const xpass = report.results.filter((x) => x.classification === "unexpected-pass");
  if (xpass.length > 0) {
    lines.push("", "Unexpected passes (remove from the expectations file):", ...xpass.map((r) => `  ${r.id}`));
  }
  if (report.restarts.length > 0) {
    lines.push("", `Restarts (--restart): ${report.restarts.length}`);
    for (const r of report.restarts) {
      lines.push(`  after ${r.afterCheck}: ${r.ok ? `back in ${r.durationMs} ms` : `failed: ${r.message}`}`);
    }
  }
  // Checks never run after the target was lost are one fact, stated once below, not one line each.
  const errors = report.results.filter((x) => x.classification === "error" && !isNotRun(x));
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
      `  ${met} the ${report.results.filter(isNotRun).length} not run after it are errors, not verdicts`,
    );
  }
  lines.push("", verdictLine(report, shouldFails));
  return lines.join("\n");
}

/**
 * PASS, FAIL, INCOMPLETE or ERROR, and in parentheses what else the reader must know: an incomplete run's cause,
 * should-level failures that did not gate.
 */
export function verdictLine(report: Report, shouldFails: number): string {
  const incomplete = report.coverage.incomplete;
  const notes: string[] = [];
  const gating = report.results.some((r) => isGating(r, report.strict));
  let verdict = report.exitCode === 2 ? "ERROR" : gating ? "FAIL" : "PASS";
  if (incomplete !== undefined) {
    if (verdict === "PASS" && !report.allowSkips) {
      verdict = `INCOMPLETE: ${incomplete}`;
      notes.push("--allow-skips accepts an incomplete run");
    } else
      notes.push(`${report.allowSkips ? "INCOMPLETE, accepted by --allow-skips" : "also INCOMPLETE"}: ${incomplete}`);
  }
  if (shouldFails > 0 && !report.strict) {
    notes.push(`${shouldFails} should-level failure(s) not gating; --strict gates them`);
  }
  return notes.length === 0 ? verdict : `${verdict} (${notes.join("; ")})`;
}

/**
 * A value as JSON on one line. Hostile inputs can be a megabyte: past SHOWN_CHARS the line says how much is left
 * out and where the whole value is, so a cut answer is never mistaken for the server's whole answer.
 */
export function show(v: unknown): string {
  const s = typeof v === "string" ? v : JSON.stringify(v);
  if (s === undefined) return "undefined";
  return s.length > SHOWN_CHARS
    ? `${s.slice(0, SHOWN_CHARS)}… (${s.length - SHOWN_CHARS} more characters: the whole value is in --json and the replay file)`
    : s;
}
