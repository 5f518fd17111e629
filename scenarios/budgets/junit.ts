import { escapeXml } from "../report/escape-xml.js";
import type { Verdict } from "./gate.js";

/** One JUnit test case per budget line, so CI shows each blown budget by its expression. */
export function junitXml(suite: string, verdicts: readonly Verdict[]): string {
  const failures = verdicts.filter((v) => !v.pass).length;
  const cases = verdicts.map((v) => {
    const name = `<testcase classname="${escapeXml(suite)}" name="${escapeXml(v.expression)}">`;
    if (v.pass) return `  ${name}</testcase>`;
    const measured = v.measured === undefined ? "no such metric in the report" : `measured ${v.measured} ${v.unit}`;
    return `  ${name}<failure message="${escapeXml(`${v.expression}: ${measured}`)}"/></testcase>`;
  });
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuite name="${escapeXml(suite)}" tests="${verdicts.length}" failures="${failures}">`,
    ...cases,
    "</testsuite>",
    "",
  ].join("\n");
}
