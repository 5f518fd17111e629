import { XMLParser, XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderJunit } from "../../../conformance/report/junit.js";
import { liveLines } from "../../../conformance/report/live-line.js";
import { renderSummary } from "../../../conformance/report/summary.js";
import type { Report } from "../../../conformance/runner/result.js";
import { runSuite } from "../../../conformance/runner/run-suite.js";
import { startToyServer, TOY_TOKEN } from "../toy-server.js";
import { toySuite } from "../toy-suite.js";

let report: Report;
const lines: string[] = [];
let server: { url: string; close(): Promise<void> };

beforeAll(async () => {
  server = await startToyServer({ version: 4, faulty: true });
  const run = await runSuite(
    toySuite,
    {
      api: "command-network",
      target: server.url,
      credentials: { token: TOY_TOKEN },
      fixtures: {},
      seed: 42,
      runs: 20,
      timeoutMs: 300,
      silenceMs: 100,
      deadlineMs: 5_000,
      checks: [],
      expectations: {
        expectedFailures: { "command-network.toy.counter": "wraps after 3", "command-network.toy.gone": "x" },
      },
      sioVersion: 4,
      strict: false,
    },
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

  it("serialises to JSON with the counts, the exit code and the stale expectations", () => {
    expect(JSON.parse(JSON.stringify(report))).toMatchObject({
      exitCode: 1,
      counts: { pass: 3, fail: 1, "expected-fail": 1 },
      unknownExpectations: ["command-network.toy.gone"],
    });
  });

  it("writes well-formed JUnit XML with one testcase per check and the failure's reproduction", () => {
    const xml = renderJunit(report);
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(xml);
    const suite = parsed.testsuites.testsuite;
    expect(suite["@_tests"]).toBe("5");
    expect(suite["@_failures"]).toBe("1");
    const cases = suite.testcase as { "@_name": string; failure?: { "#text": string }; skipped?: unknown }[];
    expect(cases.map((c) => c["@_name"])).toEqual(toySuite.checks.map((c) => c.id));
    const add = cases.find((c) => c["@_name"] === "command-network.toy.add");
    expect(add?.failure?.["#text"]).toContain("--checks command-network.toy.add --seed 42");
    expect(cases.find((c) => c["@_name"] === "command-network.toy.counter")?.skipped).toBeDefined();
  });

  it("escapes control characters that generated inputs put into failure texts", () => {
    const broken = {
      ...report,
      results: [{ ...report.results[1], failure: { ...report.results[1]?.failure, title: "a\u0000b<c>" } }],
    };
    expect(XMLValidator.validate(renderJunit(broken as Report))).toBe(true);
  });
});
