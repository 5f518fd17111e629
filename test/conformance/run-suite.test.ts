import { afterEach, describe, expect, it } from "vitest";
import { type Check, defineSuite, fail, pass } from "../../conformance/index.js";
import { type RunOptions, runSuite } from "../../conformance/runner/run-suite.js";
import type { AnySuite } from "../../conformance/suite.js";
import { startToyServer, TOY_TOKEN, type ToyServerSettings } from "./toy-server.js";
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

const baseOptions = (target: string): RunOptions => ({
  api: "command-network",
  target,
  credentials: { token: TOY_TOKEN },
  fixtures: {},
  seed: 42,
  runs: 20,
  timeoutMs: 300,
  silenceMs: 100,
  deadlineMs: 5_000,
  checks: [],
  expectations: { expectedFailures: {} },
  sioVersion: "auto",
  strict: false,
});

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
    expect(r.counts).toMatchObject({ pass: 2, fail: 1, "expected-fail": 1, "unexpected-pass": 1 });
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
    expect(none).toEqual({ ok: false, message: expect.stringContaining("command-network.toy.ad") });
  });

  it("refuses fixtures that do not fit the suite's schema before running anything", async () => {
    const run = await runSuite(toySuite, { ...baseOptions(await toy({ version: 4 })), fixtures: { maxAddend: -1 } });
    expect(run).toEqual({ ok: false, message: expect.stringContaining("fixtures do not fit") });
  });

  it("refuses a target where nothing listens, as a connection problem", async () => {
    const server = await startToyServer({ version: 4 });
    await server.close();
    const run = await runSuite(toySuite, baseOptions(server.url));
    expect(run).toEqual({ ok: false, message: expect.stringContaining("cannot reach") });
  });
});
