import { escapeXml } from "./escape-xml.js";

/** What became of one test case; absent on a case that passed. */
export interface JunitOutcome {
  readonly kind: "failure" | "error" | "skipped";
  /** One line: what CI shows in its list. */
  readonly message: string;
  /** `type` on `<failure>`/`<error>`, e.g. the check's level. */
  readonly type?: string;
  /** The details below the message: expected, actual, how to reproduce. */
  readonly body?: string;
}

export interface JunitCase {
  readonly classname: string;
  /** Stable across runs and budget changes: CI keys a test's history by classname and name. */
  readonly name: string;
  readonly timeSeconds?: number;
  readonly properties?: Readonly<Record<string, string | number>>;
  readonly outcome?: JunitOutcome;
  /** Shown by CI on passing cases too (a passing budget's measured value). */
  readonly systemOut?: string;
}

export interface JunitSuite {
  readonly name: string;
  readonly timestamp?: string;
  readonly timeSeconds?: number;
  readonly properties?: Readonly<Record<string, string | number>>;
  readonly cases: readonly JunitCase[];
}

/**
 * The one JUnit XML writer, for conformance and load alike. The suite's tests/failures/errors/skipped counts are
 * taken from its cases, so they can never disagree with what CI lists.
 */
export function junitXml(name: string, suites: readonly JunitSuite[]): string {
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="${esc(name)}">`,
    ...suites.flatMap(suiteXml),
    "</testsuites>",
    "",
  ].join("\n");
}

function suiteXml(s: JunitSuite): string[] {
  const count = (kind: JunitOutcome["kind"]) => s.cases.filter((c) => c.outcome?.kind === kind).length;
  const attrs = [
    `name="${esc(s.name)}"`,
    `tests="${s.cases.length}"`,
    `failures="${count("failure")}"`,
    `errors="${count("error")}"`,
    `skipped="${count("skipped")}"`,
    ...(s.timeSeconds === undefined ? [] : [`time="${s.timeSeconds.toFixed(3)}"`]),
    ...(s.timestamp === undefined ? [] : [`timestamp="${esc(s.timestamp)}"`]),
  ];
  return [
    `  <testsuite ${attrs.join(" ")}>`,
    ...(s.properties === undefined ? [] : [`    ${propertiesXml(s.properties)}`]),
    ...s.cases.map(caseXml),
    "  </testsuite>",
  ];
}

function caseXml(c: JunitCase): string {
  const time = c.timeSeconds === undefined ? "" : ` time="${c.timeSeconds.toFixed(3)}"`;
  const inner: string[] = [];
  if (c.properties !== undefined) inner.push(propertiesXml(c.properties));
  const o = c.outcome;
  if (o !== undefined) {
    const type = o.type === undefined ? "" : ` type="${esc(o.type)}"`;
    const open = `<${o.kind}${o.kind === "skipped" ? "" : type} message="${esc(o.message)}"`;
    inner.push(o.body === undefined ? `${open}/>` : `${open}>${esc(o.body)}</${o.kind}>`);
  }
  if (c.systemOut !== undefined) inner.push(`<system-out>${esc(c.systemOut)}</system-out>`);
  const open = `    <testcase classname="${esc(c.classname)}" name="${esc(c.name)}"${time}`;
  return inner.length === 0 ? `${open}/>` : `${open}>\n${inner.map((l) => `      ${l}`).join("\n")}\n    </testcase>`;
}

function propertiesXml(props: Readonly<Record<string, string | number>>): string {
  const each = Object.entries(props).map(([k, v]) => `<property name="${esc(k)}" value="${esc(String(v))}"/>`);
  return `<properties>${each.join("")}</properties>`;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters XML 1.0 forbids.
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** XML 1.0 forbids most control characters even escaped; generated inputs and server messages can contain them. */
const esc = (s: string) =>
  escapeXml(s).replace(XML_FORBIDDEN, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
