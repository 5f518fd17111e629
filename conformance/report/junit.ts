import { type JunitCase, type JunitOutcome, junitXml } from "../../reporting/junit.js";
import { type CheckResult, CLASSIFICATIONS, type Report } from "../runner/result.js";

/**
 * JUnit XML for CI: one testsuite per run, one testcase per check, classname = the check id's area. Every unexpected
 * failure is a `<failure>` whose `type` is its level and whose message starts with `[must]` or `[should]`, so CI
 * counts what the summary and the JSON count; whether a `should` failure gates the exit code is the exit code's
 * business (`--strict`), not the report's. Expected failures are skipped with their reason, blocked checks skipped
 * with their set-up step, skipped checks with why; check errors are `<error>`.
 */
export function renderJunit(report: Report): string {
  const cases = report.results.map(
    (r): JunitCase => ({
      classname: `${report.api}.${r.id.split(".")[1] ?? ""}`,
      name: r.id,
      timeSeconds: r.durationMs / 1000,
      properties: { level: r.level },
      ...outcomeOf(r),
    }),
  );
  const counts = Object.fromEntries(CLASSIFICATIONS.map((k) => [`count.${k}`, report.counts[k]]));
  return junitXml("volley conformance", [
    {
      name: report.api,
      timestamp: report.startedAt,
      timeSeconds: report.durationMs / 1000,
      properties: { target: report.target, seed: report.seed, exitCode: report.exitCode, ...counts },
      cases,
    },
  ]);
}

function outcomeOf(r: CheckResult): { outcome?: JunitOutcome } {
  const f = r.failure;
  if (r.classification === "fail" && f !== undefined) {
    const body = `${r.title}\nexpected: ${JSON.stringify(f.expected)}\nactual: ${JSON.stringify(f.actual)}\n${f.reproduce}`;
    return { outcome: { kind: "failure", type: r.level, message: `[${r.level}] ${f.title}`, body } };
  }
  if (r.classification === "error") return { outcome: { kind: "error", message: r.reason ?? "" } };
  if (r.classification === "blocked") {
    return { outcome: { kind: "skipped", message: `blocked by set-up step \`${r.step}\`: ${r.reason ?? ""}` } };
  }
  if (r.classification === "skip" || r.classification === "expected-fail") {
    return { outcome: { kind: "skipped", message: r.reason ?? "" } };
  }
  return {};
}
