import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blocked, defineSuite, fail } from "../../../conformance/index.js";
import { renderJunit } from "../../../conformance/report/junit.js";
import { liveLines } from "../../../conformance/report/live-line.js";
import { renderSummary } from "../../../conformance/report/summary.js";
import type { Report } from "../../../conformance/runner/result.js";
import { runSuite } from "../../../conformance/runner/run-suite.js";
import { startToyServer, toyRunOptions } from "../toy-server.js";
import { toySuite } from "../toy-suite.js";

/** The toy suite and three checks more: a failing `should` and two `must` checks blocked by one set-up step. */
const doc = { file: "toy.md", section: "extra" };
const greet = () => Promise.resolve(blocked("greet arrives", "no welcome within 300 ms"));
const suite = defineSuite({
  api: "command-network",
  fixtures: toySuite.fixtures,
  checks: [
    ...toySuite.checks,
    {
      id: "command-network.toy.robust",
      level: "should",
      doc,
      title: "answers bad input",
      run: async () => fail({ title: "no answer to bad input", expected: "an error ack", actual: "no ack" }),
    },
    { id: "command-network.greet.count", level: "must", doc, title: "counts greetings", run: greet },
    { id: "command-network.greet.order", level: "must", doc, title: "greets in order", run: greet },
  ],
});

let report: Report;
const lines: string[] = [];
let server: { url: string; close(): Promise<void> };

beforeAll(async () => {
  server = await startToyServer({ version: 4, faulty: true });
  const run = await runSuite(
    suite,
    toyRunOptions(server.url, {
      expectations: {
        expectedFailures: { "command-network.toy.counter": "wraps after 3", "command-network.toy.gone": "x" },
      },
      sioVersion: 4,
    }),
    liveLines((l) => lines.push(l)),
  );
  if (!run.ok) throw new Error(run.message);
  report = run.value;
});

afterAll(() => server.close());

/** Replaces what changes from run to run (ports, durations, times) with placeholders. */
const stable = (text: string) =>
  text
    .replaceAll(server.url, "<target>")
    .replace(/\d+ ms/g, "<n> ms")
    .replace(/time="[\d.]+"/g, 'time="<s>"')
    .replace(/timestamp="[^"]+"/g, 'timestamp="<iso>"');

describe("the reports", () => {
  it("writes one live line per check, after a header naming target, protocol and seed", () => {
    expect(lines.map(stable)).toMatchSnapshot();
  });

  it("summarises counts, each unexpected failure with how to reproduce it, and the known departures", () => {
    const files = new Map([["command-network.toy.add", "reports/conformance/command-network.toy.add.replay.json"]]);
    expect(stable(renderSummary(report, files))).toMatchSnapshot();
  });

  it("serialises to JSON with the counts, coverage, the exit code, the stale expectations and each blocked step", () => {
    const json = JSON.parse(JSON.stringify(report));
    expect(json).toMatchObject({
      exitCode: 1,
      counts: { pass: 4, fail: 2, "expected-fail": 1, blocked: 2, skip: 0, error: 0 },
      coverage: { selected: 9, ran: 7, incomplete: expect.stringContaining("2 must checks blocked") },
      unknownExpectations: ["command-network.toy.gone"],
    });
    expect(json.results.find((r: { id: string }) => r.id === "command-network.greet.order")).toMatchObject({
      status: "blocked",
      classification: "blocked",
      step: "greet arrives",
      reason: "no welcome within 300 ms",
    });
  });

  it("writes well-formed JUnit XML with one testcase per check and the failure's reproduction", () => {
    const xml = renderJunit(report);
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(xml);
    const junit = parsed.testsuites.testsuite;
    expect(junit["@_tests"]).toBe("9");
    const cases = junit.testcase as {
      "@_name": string;
      failure?: { "#text": string; "@_type": string; "@_message": string };
      skipped?: { "@_message": string };
    }[];
    expect(cases.map((c) => c["@_name"])).toEqual(suite.checks.map((c) => c.id));
    const byName = (name: string) => cases.find((c) => c["@_name"] === `command-network.${name}`);
    expect(byName("toy.add")?.failure?.["#text"]).toContain("--checks command-network.toy.add --seed 42");
    expect(byName("toy.counter")?.skipped).toBeDefined();
    // A should failure is a failure carrying its level, never a skip, even though it does not gate the exit code.
    expect(byName("toy.robust")?.failure).toMatchObject({
      "@_type": "should",
      "@_message": "[should] no answer to bad input",
    });
    expect(byName("greet.count")?.skipped?.["@_message"]).toBe(
      "blocked by set-up step `greet arrives`: no welcome within 300 ms",
    );
  });

  it("agrees with the JSON and the summary on every count", () => {
    const junit = new XMLParser({ ignoreAttributes: false }).parse(renderJunit(report)).testsuites.testsuite;
    const c = report.counts;
    expect([junit["@_tests"], junit["@_failures"], junit["@_errors"], junit["@_skipped"]].map(Number)).toEqual([
      report.results.length,
      c.fail,
      c.error,
      c.skip + c.blocked + c["expected-fail"],
    ]);
    const summary = renderSummary(report);
    for (const [label, n] of [
      ["passed", c.pass],
      ["failed", c.fail],
      ["skipped", c.skip],
      ["blocked", c.blocked],
      ["errors", c.error],
    ] as const) {
      expect(summary).toMatch(new RegExp(`^  ${label} +${n}\\b`, "m"));
    }
  });

  it("never cuts an answer silently: a long actual says how much is left out and where the whole is", () => {
    const add = report.results.find((r) => r.id === "command-network.toy.add");
    if (add?.failure === undefined) throw new Error("the faulty toy server's add check did not fail");
    const long = { ...report, results: [{ ...add, failure: { ...add.failure, actual: "x".repeat(3_000) } }] };
    expect(renderSummary(long)).toContain(
      `actual:   ${"x".repeat(2_000)}… (1000 more characters: the whole value is in --json and the replay file)`,
    );
  });

  it("escapes control characters that generated inputs put into failure texts", () => {
    const broken = {
      ...report,
      results: [{ ...report.results[1], failure: { ...report.results[1]?.failure, title: "a\u0000b<c>" } }],
    };
    expect(XMLValidator.validate(renderJunit(broken as Report))).toBe(true);
  });
});
