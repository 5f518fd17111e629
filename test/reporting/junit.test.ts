import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { junitXml } from "../../reporting/junit.js";
import type { Verdict } from "../../scenarios/budgets/gate.js";
import { budgetsJunit } from "../../scenarios/budgets/junit.js";

const run = { scenario: "command-network-request", startedAt: "2026-12-02T14:00:00.000Z", durationSeconds: 5.0271 };
const verdict = (budget: number, measured: number | undefined): Verdict => ({
  metric: "command",
  check: "p99",
  expression: `command.p99 <= ${budget}`,
  budget,
  op: "<=",
  measured,
  unit: "ms",
  pass: measured !== undefined && measured <= budget,
});

const parse = (xml: string) => new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(xml);

describe("the load JUnit", () => {
  it("names a case <metric>.<stat>, whatever its limit, so a changed budget keeps the test's history", () => {
    const names = [50, 5].map(
      (limit) => parse(budgetsJunit(run, [verdict(limit, 10.687)])).testsuites.testsuite.testcase.name,
    );
    expect(names).toEqual(["command.p99", "command.p99"]);
  });

  it("puts the measured value and the limit in the message and the properties, of failing and passing cases", () => {
    const xml = budgetsJunit(run, [verdict(5, 10.687), verdict(50, 10.687), verdict(50, undefined)]);
    expect(XMLValidator.validate(xml)).toBe(true);
    const suite = parse(xml).testsuites.testsuite;
    expect([suite.tests, suite.failures, suite.time, suite.timestamp]).toEqual(["3", "2", "5.027", run.startedAt]);
    const [failing, passing, absent] = suite.testcase;
    expect(failing.failure.message).toBe("measured 10.687 ms, limit <= 5 ms");
    expect(passing["system-out"]).toBe("measured 10.687 ms, limit <= 50 ms");
    expect(absent.failure.message).toBe("no such metric in the report, limit <= 50 ms");
    const props = (c: { properties: { property: { name: string; value: string }[] } }) =>
      Object.fromEntries(c.properties.property.map((p) => [p.name, p.value]));
    expect(props(failing)).toEqual({ expression: "command.p99 <= 5", measured: "10.687", limit: "5", unit: "ms" });
    expect(props(absent).measured).toBe("absent");
  });
});

describe("the one JUnit writer", () => {
  it("counts failures, errors and skips from the cases and writes characters XML 1.0 forbids as escapes", () => {
    const xml = junitXml("t", [
      {
        name: "s",
        cases: [
          { classname: "c", name: "a", outcome: { kind: "failure", message: "bad \u0001 <x>", body: "b" } },
          { classname: "c", name: "b", outcome: { kind: "error", message: "e" } },
          { classname: "c", name: "c", outcome: { kind: "skipped", message: "s" } },
          { classname: "c", name: "d" },
        ],
      },
    ]);
    expect(XMLValidator.validate(xml)).toBe(true);
    const suite = parse(xml).testsuites.testsuite;
    expect([suite.tests, suite.failures, suite.errors, suite.skipped]).toEqual(["4", "1", "1", "1"]);
    expect(suite.testcase[0].failure.message).toBe("bad \\u0001 <x>");
  });
});
