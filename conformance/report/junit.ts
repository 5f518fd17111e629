import type { Report } from "../runner/result.js";

/**
 * JUnit XML for CI: one testsuite per run, one testcase per check, classname = the check id's area. Expected
 * failures are reported as skipped with their reason, so CI shows them without failing; `should` failures are
 * failures only under `--strict` (otherwise also skipped, with the failure as the message).
 */
export function renderJunit(report: Report): string {
  const cases = report.results.map((r) => {
    const [, area = ""] = r.id.split(".");
    const open = `    <testcase classname="${esc(`${report.api}.${area}`)}" name="${esc(r.id)}" time="${(r.durationMs / 1000).toFixed(3)}"`;
    const f = r.failure;
    if (r.classification === "fail" && f !== undefined) {
      const tag = r.level === "must" || report.strict ? "failure" : "skipped";
      const body = `${r.title}\nexpected: ${JSON.stringify(f.expected)}\nactual: ${JSON.stringify(f.actual)}\n${f.reproduce}`;
      return `${open}>\n      <${tag} message="${esc(f.title)}">${esc(body)}</${tag}>\n    </testcase>`;
    }
    if (r.classification === "error")
      return `${open}>\n      <error message="${esc(r.reason ?? "")}"/>\n    </testcase>`;
    if (r.classification === "skip" || r.classification === "expected-fail") {
      return `${open}>\n      <skipped message="${esc(r.reason ?? "")}"/>\n    </testcase>`;
    }
    return `${open}/>`;
  });
  const failures = report.results.filter((r) => r.classification === "fail" && (r.level === "must" || report.strict));
  const skipped = report.results.filter(
    (r) =>
      ["skip", "expected-fail"].includes(r.classification) ||
      (r.classification === "fail" && r.level === "should" && !report.strict),
  );
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="volley conformance">`,
    `  <testsuite name="${esc(report.api)}" tests="${report.results.length}" failures="${failures.length}" errors="${report.counts.error}" skipped="${skipped.length}" time="${(report.durationMs / 1000).toFixed(3)}" timestamp="${report.startedAt}">`,
    `    <properties><property name="target" value="${esc(report.target)}"/><property name="seed" value="${report.seed}"/></properties>`,
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
