import { type JunitCase, junitXml } from "../../reporting/junit.js";
import type { LoadReport } from "../engine/report.js";
import { verdictText } from "../report/verdict-text.js";
import type { Verdict } from "./gate.js";

/**
 * One JUnit test case per budget line, named `<metric>.<stat>` (`ack:echo.p99`): the limit is in the message and
 * the properties, never in the name, so changing a budget keeps the test's history in CI. Passing cases carry the
 * measured value too.
 */
export function budgetsJunit(
  report: Pick<LoadReport, "scenario" | "startedAt" | "durationSeconds">,
  verdicts: readonly Verdict[],
): string {
  const classname = `volley.load.${report.scenario}`;
  const cases = verdicts.map(
    (v): JunitCase => ({
      classname,
      name: `${v.metric}.${v.check}`,
      properties: {
        expression: v.expression,
        measured: v.measured === undefined ? "absent" : v.measured,
        limit: v.budget,
        unit: v.unit,
      },
      ...(v.pass
        ? { systemOut: verdictText(v) }
        : { outcome: { kind: "failure", type: "budget", message: verdictText(v) } }),
    }),
  );
  return junitXml("volley load", [
    {
      name: `volley budgets: ${report.scenario}`,
      timestamp: report.startedAt,
      timeSeconds: report.durationSeconds,
      cases,
    },
  ]);
}

/**
 * The JUnit file of a run that never started because the target could not be reached: one error case with the
 * one-line cause, so CI has a file to upload (no report.json is written, so an earlier one is not overwritten).
 */
export function unreachableJunit(scenario: string, cause: string): string {
  return junitXml("volley load", [
    {
      name: `volley budgets: ${scenario}`,
      timestamp: new Date().toISOString(),
      cases: [
        {
          classname: `volley.load.${scenario}`,
          name: "target reachable",
          outcome: { kind: "error", type: "unreachable", message: cause },
        },
      ],
    },
  ]);
}
