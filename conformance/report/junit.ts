import { CLASSIFICATIONS, type Report } from "../runner/result.js";

/**
 * JUnit XML for CI: one testsuite per run, one testcase per check, classname = the check id's area. Every unexpected
 * failure is a `<failure>` whose `type` is its level and whose message starts with `[must]` or `[should]`, so CI
 * counts what the summary and the JSON count; whether a `should` failure gates the exit code is the exit code's
 * business (`--strict`), not the report's. Expected failures are skipped with their reason, blocked checks skipped
 * with their set-up step, skipped checks with why; check errors are `<error>`.
 */
export function renderJunit(report: Report): string {
  const cases = report.results.map((r) => {
    const [, area = ""] = r.id.split(".");
    const open = `    <testcase classname="${esc(`${report.api}.${area}`)}" name="${esc(r.id)}" time="${(r.durationMs / 1000).toFixed(3)}"`;
    const level = `<properties><property name="level" value="${r.level}"/></properties>`;
    const f = r.failure;
    let inner: string | undefined;
    if (r.classification === "fail" && f !== undefined) {
      const body = `${r.title}\nexpected: ${JSON.stringify(f.expected)}\nactual: ${JSON.stringify(f.actual)}\n${f.reproduce}`;
      inner = `<failure type="${r.level}" message="${esc(`[${r.level}] ${f.title}`)}">${esc(body)}</failure>`;
    } else if (r.classification === "error") inner = `<error message="${esc(r.reason ?? "")}"/>`;
    else if (r.classification === "blocked") {
      inner = `<skipped message="${esc(`blocked by set-up step \`${r.step}\`: ${r.reason ?? ""}`)}"/>`;
    } else if (r.classification === "skip" || r.classification === "expected-fail") {
      inner = `<skipped message="${esc(r.reason ?? "")}"/>`;
    }
    return `${open}>\n      ${level}${inner === undefined ? "" : `\n      ${inner}`}\n    </testcase>`;
  });
  const c = report.counts;
  const counts = CLASSIFICATIONS.map((k) => `<property name="count.${k}" value="${c[k]}"/>`).join("");
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="volley conformance">`,
    `  <testsuite name="${esc(report.api)}" tests="${report.results.length}" failures="${c.fail}" errors="${c.error}" skipped="${c.skip + c.blocked + c["expected-fail"]}" time="${(report.durationMs / 1000).toFixed(3)}" timestamp="${report.startedAt}">`,
    `    <properties><property name="target" value="${esc(report.target)}"/><property name="seed" value="${report.seed}"/><property name="exitCode" value="${report.exitCode}"/>${counts}</properties>`,
    ...cases,
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters XML 1.0 forbids.
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

function esc(s: string): string {
  return (
    s
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      // XML 1.0 forbids most control characters, even escaped; generated inputs can contain them.
      .replace(XML_FORBIDDEN, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
  );
}
