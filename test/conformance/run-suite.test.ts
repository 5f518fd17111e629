import type { ChildProcess } from "node:child_process";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { blocked, type Check, defineSuite, fail, pass, skip } from "../../conformance/index.js";
import { LOST_DURING, NOT_RUN } from "../../conformance/runner/result.js";
import { type RunOptions, runSuite, selectChecks } from "../../conformance/runner/run-suite.js";
import type { AnySuite } from "../../conformance/suite.js";
import { crashServerCommand, startCrashServer } from "./toy-crash-server.js";
import { toyCrashSuite } from "./toy-crash-suite.js";
import { startToyServer, type ToyServerSettings, toyRunOptions } from "./toy-server.js";
import { toySuite } from "./toy-suite.js";

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function toy(settings: ToyServerSettings): Promise<string> {
  const server = await startToyServer(settings);
  servers.push(server);
  return server.url;
}

const baseOptions = (target: string): RunOptions => toyRunOptions(target);

async function report(suite: AnySuite, options: RunOptions) {
  const run = await runSuite(suite, options);
  if (!run.ok) throw new Error(run.message);
  return run.value;
}

const failedIds = (r: { results: readonly { id: string; status: string }[] }) =>
  r.results.filter((x) => x.status === "fail").map((x) => x.id);

describe.each([4, 2] as const)("a suite run against a Socket.IO %i server", (version) => {
  it("passes every check against a faithful server, detecting the protocol generation", async () => {
    const r = await report(toySuite, baseOptions(await toy({ version })));
    expect(r.sioVersion).toBe(version);
    expect(r.results.map((x) => [x.id, x.status])).toEqual(toySuite.checks.map((c) => [c.id, "pass"]));
    expect(r.exitCode).toBe(0);
  });

  it("fails the faulty server's checks with shrunk counterexamples and their own exchanges only", async () => {
    const r = await report(toySuite, baseOptions(await toy({ version, faulty: true })));
    expect(failedIds(r)).toEqual(["command-network.toy.add", "command-network.toy.counter"]);
    const add = r.results.find((x) => x.id === "command-network.toy.add")?.failure;
    expect(add).toMatchObject({ expected: 6, actual: 7, counterexample: '{"a":6,"b":0}' });
    expect(add?.transcript.filter((e) => e.kind === "emit")).toHaveLength(1);
    expect(add?.reproduce).toContain("--seed 42");
    const counter = r.results.find((x) => x.id === "command-network.toy.counter")?.failure;
    expect(counter?.counterexample).toMatch(/^incr,incr,incr,incr( |$)/);
    expect(counter?.transcript.filter((e) => e.kind === "emit").map((e) => e.kind === "emit" && e.event)).toEqual([
      "incr",
      "incr",
      "incr",
      "incr",
    ]);
    expect(r.exitCode).toBe(1);
  });

  it("reports a server that never answers as failures within the timeouts, without hanging", async () => {
    const started = Date.now();
    const r = await report(toySuite, {
      ...baseOptions(await toy({ version, silent: true })),
      timeoutMs: 100,
      checks: ["command-network.toy.hello", "command-network.toy.add"],
    });
    expect(r.results.map((x) => x.failure?.actual)).toEqual(["no ack", "no ack within 100 ms"]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe("the runner", () => {
  it("ends a check that never settles at its deadline, as a failure", async () => {
    const hang: Check = {
      id: "command-network.toy.hangs",
      level: "must",
      doc: { file: "toy.md", section: "hang" },
      title: "never settles",
      run: () => new Promise(() => {}),
    };
    const suite = defineSuite({ api: "command-network", fixtures: toySuite.fixtures, checks: [hang] });
    const r = await report(suite, { ...baseOptions(await toy({ version: 4 })), deadlineMs: 200 });
    expect(r.results[0]).toMatchObject({
      status: "fail",
      failure: { title: expect.stringContaining("200 ms deadline") },
    });
  });

  it("reports a connection a check cannot open as an error, exit code 2", async () => {
    const needsPrivate: Check = {
      id: "command-network.toy.private",
      level: "must",
      doc: { file: "toy.md", section: "private" },
      title: "needs /private",
      run: async (ctx) => {
        await ctx.clients.connect({ namespace: "/private" });
        return pass();
      },
    };
    const suite = defineSuite({ api: "command-network", fixtures: toySuite.fixtures, checks: [needsPrivate] });
    const r = await report(suite, baseOptions(await toy({ version: 4 })));
    expect(r.results[0]).toMatchObject({ status: "error", reason: expect.stringContaining("refused: Unauthorized") });
    expect(r.exitCode).toBe(2);
  });

  it("separates expected failures, unexpected failures and unexpected passes", async () => {
    const r = await report(toySuite, {
      ...baseOptions(await toy({ version: 4, faulty: true })),
      expectations: {
        expectedFailures: {
          "command-network.toy.add": "known: adds one too many",
          "command-network.toy.echo": "was broken",
        },
      },
    });
    const byId = Object.fromEntries(r.results.map((x) => [x.id, x.classification]));
    expect(byId).toMatchObject({
      "command-network.toy.add": "expected-fail",
      "command-network.toy.echo": "unexpected-pass",
      "command-network.toy.counter": "fail",
    });
    expect(r.counts).toMatchObject({ pass: 3, fail: 1, "expected-fail": 1, "unexpected-pass": 1 });
  });

  it("exits 0 when the only unexpected failures are should-level, 1 under strict", async () => {
    const weak: Check = {
      id: "command-network.toy.weak",
      level: "should",
      doc: { file: "toy.md", section: "weak" },
      title: "a robustness rule",
      run: async () => fail({ title: "not robust", expected: "a", actual: "b" }),
    };
    const suite = defineSuite({ api: "command-network", fixtures: toySuite.fixtures, checks: [weak] });
    const url = await toy({ version: 4 });
    expect((await report(suite, baseOptions(url))).exitCode).toBe(0);
    expect((await report(suite, { ...baseOptions(url), strict: true })).exitCode).toBe(1);
  });

  it("skips a check whose credentials are missing", async () => {
    const r = await report(toySuite, {
      ...baseOptions(await toy({ version: 4 })),
      credentials: {},
      checks: ["command-network.toy.private-needs-token"],
    });
    expect(r.results[0]).toMatchObject({ status: "skip", reason: "no --token given" });
  });

  it("selects checks by whole id segments and rejects a selector that picks none", async () => {
    const url = await toy({ version: 4 });
    const r = await report(toySuite, { ...baseOptions(url), checks: ["command-network.toy.add"] });
    expect(r.results.map((x) => x.id)).toEqual(["command-network.toy.add"]);
    const none = await runSuite(toySuite, { ...baseOptions(url), checks: ["command-network.toy.ad"] });
    expect(none).toEqual({ ok: false, message: expect.stringContaining("--checks: no check id is or starts with") });
  });

  it("leaves out --exclude'd checks by id or prefix, lists them, and rejects an exclude selector that picks none", async () => {
    const url = await toy({ version: 4 });
    const r = await report(toySuite, {
      ...baseOptions(url),
      exclude: ["command-network.toy.private-hello", "command-network.toy.private-needs-token"],
      checks: ["command-network.toy"],
    });
    expect(r.results.map((x) => x.id)).toEqual([
      "command-network.toy.echo",
      "command-network.toy.add",
      "command-network.toy.counter",
      "command-network.toy.hello",
    ]);
    expect(r.coverage).toMatchObject({
      selected: 4,
      ran: 4,
      excluded: ["command-network.toy.private-hello", "command-network.toy.private-needs-token"],
    });
    const none = await runSuite(toySuite, { ...baseOptions(url), exclude: ["command-network.toy.private-"] });
    expect(none).toEqual({
      ok: false,
      message: "--exclude: no check id is or starts with: command-network.toy.private-",
    });
  });
});

/** A check of the toy suite's API that returns `verdict` without touching the server. */
const verdictCheck = (name: string, level: "must" | "should", verdict: () => ReturnType<Check["run"]>): Check => ({
  id: `command-network.toy.${name}`,
  level,
  doc: { file: "toy.md", section: name },
  title: name,
  run: verdict,
});

describe("coverage in the verdict", () => {
  const lab = () => Promise.resolve(blocked("lab deploys", "no lab-ready push within 300 ms"));
  const blockedSuite = defineSuite({
    api: "command-network",
    fixtures: toySuite.fixtures,
    checks: [
      verdictCheck("deploys", "must", async () =>
        fail({ title: "no lab-ready push", expected: "lab-ready", actual: "nothing within 300 ms" }),
      ),
      verdictCheck("logs-follow", "must", lab),
      verdictCheck("logs-unknown-node", "must", lab),
      verdictCheck("shells-open", "should", lab),
      verdictCheck("hello", "must", async () => pass()),
    ],
  });

  it("reports the checks a failed set-up step blocked as blocked, with the step and its cause, once each", async () => {
    const r = await report(blockedSuite, baseOptions(await toy({ version: 4 })));
    expect(r.results.filter((x) => x.status === "blocked").map((x) => [x.id, x.step, x.reason])).toEqual([
      ["command-network.toy.logs-follow", "lab deploys", "no lab-ready push within 300 ms"],
      ["command-network.toy.logs-unknown-node", "lab deploys", "no lab-ready push within 300 ms"],
      ["command-network.toy.shells-open", "lab deploys", "no lab-ready push within 300 ms"],
    ]);
    expect(r.counts).toMatchObject({ pass: 1, fail: 1, blocked: 3, skip: 0 });
    expect(r.coverage).toMatchObject({
      selected: 5,
      ran: 2,
      notMeasured: [
        {
          kind: "blocked",
          step: "lab deploys",
          ids: [
            "command-network.toy.logs-follow",
            "command-network.toy.logs-unknown-node",
            "command-network.toy.shells-open",
          ],
          must: 2,
        },
      ],
      incomplete: "2 must checks blocked by set-up step `lab deploys`: no lab-ready push within 300 ms",
    });
    // The failing must check that owns the behaviour decides the exit code; the blocked ones are not failures.
    expect(r.exitCode).toBe(1);
  });

  it("calls a run INCOMPLETE (exit 1) when a must check was skipped or blocked, unless --allow-skips", async () => {
    const suite = defineSuite({
      api: "command-network",
      fixtures: toySuite.fixtures,
      checks: [
        verdictCheck("hello", "must", async () => pass()),
        verdictCheck("private", "must", async () => skip("no --token given")),
        verdictCheck("private-2", "must", async () => skip("no --token given")),
        verdictCheck("other-user", "must", async () => skip("no otherToken in the fixtures")),
        verdictCheck("logs", "must", () => Promise.resolve(blocked("lab deploys", "5003"))),
      ],
    });
    const url = await toy({ version: 4 });
    const r = await report(suite, baseOptions(url));
    expect(r.coverage.incomplete).toBe(
      "4 must checks not measured (2 checks skipped: no --token given; 1 check skipped: no otherToken in the " +
        "fixtures; 1 more cause under Not measured)",
    );
    expect(r.exitCode).toBe(1);
    const allowed = await report(suite, { ...baseOptions(url), allowSkips: true });
    expect([allowed.exitCode, allowed.allowSkips, allowed.coverage.incomplete]).toEqual([
      0,
      true,
      r.coverage.incomplete,
    ]);
  });

  it("keeps a run complete when only should checks were skipped", async () => {
    const r = await report(toySuite, {
      ...baseOptions(await toy({ version: 4 })),
      credentials: {},
      exclude: ["command-network.toy.private-hello"],
    });
    expect(r.counts.skip).toBe(1);
    expect(r.coverage.incomplete).toBeUndefined();
    expect(r.exitCode).toBe(0);
  });
});

describe("a target that crashes on one input", { timeout: 90_000 }, () => {
  const children = new Set<ChildProcess>();
  afterAll(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  });
  const crashing = async () => {
    const server = await startCrashServer();
    children.add(server.child);
    return server;
  };
  const crashOptions = (target: string): RunOptions => ({
    ...baseOptions(target),
    credentials: {},
    timeoutMs: 500,
    sioVersion: 4,
  });

  it("runs the hostile checks after the others, keeps the crashing check's failure, and leaves the rest unrun", async () => {
    const server = await crashing();
    const r = await report(toyCrashSuite, crashOptions(server.url));
    expect(r.results.map((x) => [x.id, x.classification])).toEqual([
      ["command-network.crash.hello", "pass"],
      ["command-network.crash.echo", "pass"],
      ["command-network.crash.survives-1", "fail"],
      ["command-network.crash.survives-2", "error"],
    ]);
    expect(r.results[2]?.reason).toMatch(new RegExp(`^${LOST_DURING}: cannot reach`));
    expect(r.results[3]?.reason).toMatch(new RegExp(`^${NOT_RUN}`));
    expect([r.exitCode, r.restarts, r.coverage.ran]).toEqual([2, [], 3]);
  });

  it("with --restart, brings the target back after each crash and measures every check", async () => {
    const server = await crashing();
    const output: string[] = [];
    const r = await runSuite(
      toyCrashSuite,
      { ...crashOptions(server.url), restart: crashServerCommand(server.port) },
      { onRestartOutput: (line) => output.push(line) },
    );
    if (!r.ok) throw new Error(r.message);
    const { results, restarts, targetLost, exitCode, coverage } = r.value;
    expect(results.map((x) => [x.id, x.classification])).toEqual([
      ["command-network.crash.hello", "pass"],
      ["command-network.crash.echo", "pass"],
      ["command-network.crash.survives-1", "fail"],
      ["command-network.crash.survives-2", "fail"],
    ]);
    expect(results[3]?.reason).toMatch(/; restarted with --restart$/);
    expect(restarts.map((x) => [x.afterCheck, x.ok])).toEqual([
      ["command-network.crash.survives-1", true],
      ["command-network.crash.survives-2", true],
    ]);
    // The command's own output reached the listener: the restarted server announced the same URL.
    expect(output).toContain(`listening ${server.url}`);
    expect(targetLost).toBeUndefined();
    expect(coverage.ran).toBe(4);
    // Both departures are should-level: not gating without --strict.
    expect(exitCode).toBe(0);
  });

  it("when the restart command fails, reports why and leaves the rest unrun, exit 2", async () => {
    const server = await crashing();
    const output: string[] = [];
    const r = await runSuite(
      toyCrashSuite,
      { ...crashOptions(server.url), restart: "echo cannot start the target; exit 3" },
      { onRestartOutput: (line) => output.push(line) },
    );
    if (!r.ok) throw new Error(r.message);
    expect(r.value.restarts).toEqual([
      {
        afterCheck: "command-network.crash.survives-1",
        ok: false,
        durationMs: expect.any(Number),
        message: "--restart command exited with code 3 before the target accepted connections",
      },
    ]);
    expect(output).toEqual(["cannot start the target"]);
    expect(r.value.targetLost).toMatch(/ECONNREFUSED\); --restart command exited with code 3 /);
    expect(r.value.results.at(-1)?.reason).toMatch(new RegExp(`^${NOT_RUN}`));
    expect(r.value.exitCode).toBe(2);
  });
});

describe("before any check runs", () => {
  it("orders hostile checks after all others and keeps suite order otherwise", () => {
    const c = (id: string, hostile?: boolean) => ({ id: `x.a.${id}`, ...(hostile ? { hostile } : {}) });
    const picked = selectChecks([c("1", true), c("2"), c("3", true), c("4")], []);
    expect(picked.ok && picked.value.map((x) => x.id)).toEqual(["x.a.2", "x.a.4", "x.a.1", "x.a.3"]);
  });

  it("refuses fixtures that do not fit the suite's schema before running anything", async () => {
    const run = await runSuite(toySuite, { ...baseOptions(await toy({ version: 4 })), fixtures: { maxAddend: -1 } });
    expect(run).toEqual({ ok: false, message: expect.stringContaining("fixtures do not fit") });
  });

  it("refuses a target where nothing listens, as a connection problem", async () => {
    const server = await startToyServer({ version: 4 });
    await server.close();
    const run = await runSuite(toySuite, baseOptions(server.url));
    expect(run).toMatchObject({ ok: false, message: expect.stringContaining("cannot reach") });
    // Still a report, for CI to upload: every check not run, with the cause.
    expect(!run.ok && run.report).toMatchObject({ exitCode: 2, targetLost: expect.stringContaining("cannot reach") });
  });
});
