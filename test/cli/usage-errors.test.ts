import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, it } from "vitest";
import { Measurements } from "../../scenarios/engine/measurements.js";
import { buildReport } from "../../scenarios/engine/report.js";
import { countingTarget, runVolley } from "./cli-output.js";

const dir = mkdtempSync(join(tmpdir(), "volley-usage-"));
const file = (name: string, value: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
};
const target = await countingTarget();
afterAll(() => target.close());

/** A report of nestmtx-request as `volley load` writes it, for `volley gate`. */
const report = (() => {
  const m = new Measurements();
  m.delivered("list", 1_000);
  return file(
    "report.json",
    buildReport(m, {
      scenario: "nestmtx-request",
      target: target.url,
      plan: { vus: 1, rate: null, durationSeconds: 1 },
    }),
  );
})();
const vars = ["--var", "token=t", "--var", "credential=1"];

/**
 * Every mistake in calling Volley is one line, `volley: <cause> (<hint>)`, and exit 2; `volley load` finds each one
 * before it connects to the target (which counts the connections it is offered).
 */
// Each `volley` process takes seconds to start on a busy machine: a test's runs go in parallel, tests one by one.
describe("usage and configuration errors", { timeout: 90_000 }, () => {
  const load = (...args: string[]) => runVolley(["load", "nestmtx-request", "--target", target.url, ...args], { dir });

  it("names a missing variable and the ways to give it", async ({ expect }) => {
    expect(await load()).toMatchSnapshot();
  });

  it("names a variable the scenario does not take", async ({ expect }) => {
    expect(await load(...vars, "--var", "tokn=t")).toMatchSnapshot();
  });

  it("refuses a fixtures file the API's conformance suite would refuse", async ({ expect }) => {
    const fixtures = file("fixtures.json", { nestmtx: { existing: { camera: 1 } } });
    expect(await load("--var", "token=t", "--fixtures", fixtures)).toMatchSnapshot();
  });

  it("refuses budgets on a metric the scenario never produces", async ({ expect }) => {
    const budgets = file("typo.json", { scenario: "nestmtx-request", metrics: { lst: { p99: 50 } } });
    expect(await load(...vars, "--budgets", budgets)).toMatchSnapshot();
  });

  it("refuses a budgets file written for another scenario", async ({ expect }) => {
    expect(await load(...vars, "--budgets", "scenarios/nestmtx-log-flood.budgets.json")).toMatchSnapshot();
  });

  it("refuses an unknown budget check and a limit that is not a number", async ({ expect }) => {
    const unknownKey = file("key.json", { metrics: { list: { p999: 50 } } });
    const notNumber = file("nan.json", { metrics: { list: { p99: "fast" } } });
    const runs = await Promise.all([load(...vars, "--budgets", unknownKey), load(...vars, "--budgets", notNumber)]);
    for (const run of runs) expect(run).toMatchSnapshot();
  });

  it("gate refuses budgets for another scenario, on a metric the report's scenario never produces, or malformed", async ({
    expect,
  }) => {
    const gate = (budgets: unknown, ...args: string[]) =>
      runVolley(
        [
          "gate",
          report,
          "--budgets",
          file(`gate-${args.length}-${JSON.stringify(budgets).length}.json`, budgets),
          ...args,
        ],
        {
          dir,
        },
      );
    const runs = await Promise.all([
      gate({ scenario: "nestmtx-log-flood", metrics: { log: { p99: 50 } } }),
      gate({ metrics: { lst: { p99: 50 } } }),
      gate({ metrics: { list: { p99: -1 } } }),
      gate({ metrics: { list: { p99: 50 } } }, "--scenario", "no-such-scenario"),
    ]);
    for (const run of runs) expect(run).toMatchSnapshot();
  });

  it("prints one line and a hint for a mistyped flag or a missing argument, not the help", async ({ expect }) => {
    const runs = await Promise.all([
      load(...vars, "--tagret", target.url),
      runVolley(["load"]),
      runVolley(["serve", "--api", "nestmx"]),
    ]);
    for (const run of runs) expect(run).toMatchSnapshot();
  });

  it("checks VOLLEY_* values as the flags are checked, naming the variable", async ({ expect }) => {
    const runs = await Promise.all([
      runVolley(["serve"], { env: { VOLLEY_PORT: "abc" } }),
      runVolley(["start"], { env: { VOLLEY_NO_LOAD: "maybe" } }),
    ]);
    for (const run of runs) expect(run).toMatchSnapshot();
  });

  it("prints the package version", async ({ expect }) => {
    const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
    expect(await runVolley(["--version"])).toEqual({ code: 0, output: `${version}\n` });
  });

  afterAll(() => {
    // Every `volley load` above stopped at its configuration: nothing was connected to.
    if (target.connections() !== 0) throw new Error(`the target was connected to ${target.connections()} times`);
  });
});
