import { describe, expect, it } from "vitest";
import { suites } from "../../conformance/registry.js";
import { type RunOptions, runSuite } from "../../conformance/runner/run-suite.js";
import { silentLogger } from "../../reference-server/logger.js";
import { resolveServerOptions } from "../../reference-server/options.js";
import { type ReferenceServer, startReferenceServer } from "../../reference-server/start.js";
import { connectionLoss } from "../../scenarios/engine/connection-loss.js";
import { Measurements } from "../../scenarios/engine/measurements.js";
import { buildReport } from "../../scenarios/engine/report.js";
import { runScenario } from "../../scenarios/engine/runner.js";
import { type Scenario, scenarioSchema } from "../../scenarios/engine/scenario.js";
import { startFaultProxy } from "../support/fault-proxy.js";
import { startTestApi } from "../support/server.js";
import { outcomeTotal } from "./until.js";

// The load engine and the conformance runner behind a loopback TCP proxy that adds latency, stalls, cuts and
// resets. Neither may hang; each fault shows as errors or timeouts; every planned message is counted exactly once.

/** Each user registers, then sends `command` to itself at its share of the rate, acks within `timeoutMs`. */
const selfCommands = (timeoutMs: number): Scenario =>
  scenarioSchema.parse({
    engine: "volley",
    flow: [
      { emitAck: { event: "register", args: [{ name: "load-{{vu}}" }], metric: "register", errorField: "error" } },
      {
        openLoop: {
          rate: 1,
          durationSeconds: 1,
          emitAck: {
            event: "command",
            args: [{ command: "x", meta: { seq: "{{seq}}" }, target: "load-{{vu}}" }],
            metric: "command",
            errorField: "error",
            timeoutMs,
          },
        },
      },
    ],
  });

async function load(target: string, timeoutMs: number, during?: () => void) {
  const m = new Measurements();
  // 4 users x 5 commands a second x 2 s = 40 planned commands.
  const plan = { vus: 4, rate: 20, durationSeconds: 2 };
  const run = runScenario(selfCommands(timeoutMs), { target, ...plan }, m);
  // The fault starts once the first command is answered: every user is connected and registered by then.
  const onDelivered = (metric: string) => {
    if (metric !== "command") return;
    m.off("delivered", onDelivered);
    during?.();
  };
  m.on("delivered", onDelivered);
  await run;
  return buildReport(m, { scenario: "faults", target, plan });
}

describe("volley load behind a fault proxy", () => {
  it("measures 100 ms of added latency each way in every ack, and loses nothing", async () => {
    const { server } = await startTestApi("command-network");
    const proxy = await startFaultProxy(server.apis[0]?.port ?? 0, { latencyMs: 100 });
    const report = await load(proxy.url, 5_000);
    expect(report.metrics.command?.outcomes).toEqual({ delivered: 40, lost: 0, errored: 0, timedOut: 0 });
    expect(report.metrics.command?.latency.min).toBeGreaterThanOrEqual(200);
    expect(connectionLoss(report)).toBeUndefined();
  }, 20_000);

  it("counts acks held by a 1.5 s stall as timed out, and the rest as delivered: 40 in all", async () => {
    const { server } = await startTestApi("command-network");
    const proxy = await startFaultProxy(server.apis[0]?.port ?? 0);
    const report = await load(proxy.url, 700, () => {
      proxy.set({ stalled: true });
      setTimeout(() => proxy.set({ stalled: false }), 1_500);
    });
    const command = report.metrics.command;
    expect(outcomeTotal(command)).toBe(40);
    expect(command?.outcomes.timedOut).toBeGreaterThan(0);
    expect(command?.outcomes.delivered).toBeGreaterThan(0);
  }, 20_000);

  for (const fault of ["reset", "cut"] as const) {
    it(`counts a ${fault} of every connection as 4 dropped users and accounts for all 40 commands`, async () => {
      const { server } = await startTestApi("command-network");
      const proxy = await startFaultProxy(server.apis[0]?.port ?? 0);
      const report = await load(proxy.url, 2_000, () => setTimeout(() => proxy[fault](), 300));
      expect(outcomeTotal(report.metrics.disconnect)).toBe(4);
      expect(outcomeTotal(report.metrics.command)).toBe(40);
      expect(report.metrics.command?.errors.disconnected).toBeGreaterThan(0);
      expect(connectionLoss(report)).toMatch(/connections dropped: transport (close|error) x/);
    }, 20_000);
  }
});

const serverRequest = (port: number) => ({
  apis: ["command-network" as const],
  port,
  options: resolveServerOptions({}),
  fixtures: {},
  log: () => silentLogger,
});

describe("volley conformance behind a fault proxy", () => {
  const options = (target: string): RunOptions => ({
    api: "command-network",
    target,
    credentials: {},
    fixtures: {},
    seed: 1,
    runs: 3,
    timeoutMs: 1_000,
    silenceMs: 200,
    deadlineMs: 10_000,
    checks: ["command-network.register", "command-network.get-clients", "command-network.command"],
    expectations: { expectedFailures: {} },
    sioVersion: 4,
    strict: false,
  });

  it("resumes after every connection is reset mid-run: later checks pass, each check has one result", async () => {
    const { server } = await startTestApi("command-network");
    const proxy = await startFaultProxy(server.apis[0]?.port ?? 0);
    let started = 0;
    const run = await runSuite(suites["command-network"], options(proxy.url), {
      // Reset in the middle of the fourth check, while its clients are connected.
      onCheckStart: () => {
        started += 1;
        if (started === 4) setTimeout(() => proxy.reset(), 30);
      },
    });
    expect(run.ok).toBe(true);
    if (!run.ok) return;
    const { results, counts, targetLost } = run.value;
    expect(targetLost).toBeUndefined();
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(results.length);
    expect(results.slice(5).filter((r) => r.classification === "pass").length).toBeGreaterThan(0);
  }, 60_000);

  it("resumes after the server is killed and restarted on the same port between two checks' connections", async () => {
    const first = await startReferenceServer(serverRequest(0));
    const port = first.apis[0]?.port ?? 0;
    let restarted: Promise<ReferenceServer> | undefined;
    let started = 0;
    const run = await runSuite(suites["command-network"], options(`http://127.0.0.1:${port}`), {
      onCheckStart: () => {
        started += 1;
        // One API listens on the port given: the same port again.
        if (started === 4) restarted = first.close().then(() => startReferenceServer(serverRequest(port)));
      },
    });
    await (await restarted)?.close();
    expect(run.ok).toBe(true);
    if (!run.ok) return;
    expect(run.value.targetLost).toBeUndefined();
    expect(run.value.results.slice(5).filter((r) => r.classification === "pass").length).toBeGreaterThan(0);
  }, 60_000);

  /** Each check's id and classification, in run order. */
  const verdicts = async (target: string, extra: Partial<RunOptions> = {}) => {
    const run = await runSuite(suites["command-network"], { ...options(target), ...extra });
    if (!run.ok) throw new Error(run.message);
    return { report: run.value, byId: run.value.results.map((r) => `${r.id}: ${r.classification}`) };
  };
  // A deadline short enough that 200 ms each way, unaccounted for, would end these checks before their verdict.
  const tight: Partial<RunOptions> = {
    checks: ["command-network.register", "command-network.model.sequences"],
    deadlineMs: 3_000,
    runs: 5,
  };

  it("gives the verdicts of a direct run when every byte takes 200 ms each way", async () => {
    const { server } = await startTestApi("command-network");
    const port = server.apis[0]?.port ?? 0;
    const direct = await verdicts(`http://127.0.0.1:${port}`, tight);
    const proxy = await startFaultProxy(port, { latencyMs: 200 });
    const slow = await verdicts(proxy.url, tight);
    expect(slow.byId).toEqual(direct.byId);
    expect(slow.report.exitCode).toBe(direct.report.exitCode);
  }, 240_000);

  it("reports connections cut under the checks as errors (exit 2 or a clean pass), never a FAIL", async () => {
    const { server } = await startTestApi("command-network");
    const proxy = await startFaultProxy(server.apis[0]?.port ?? 0, { latencyMs: 200 });
    // Every open connection is cut (FIN) every 1.5 s, in the middle of whatever check runs then.
    const cuts = setInterval(() => proxy.cut(), 1_500);
    let slow: Awaited<ReturnType<typeof verdicts>>;
    try {
      slow = await verdicts(proxy.url);
    } finally {
      clearInterval(cuts);
    }
    const { report } = slow;
    expect(report.results.filter((r) => r.status === "fail" || r.status === "blocked")).toEqual([]);
    expect(report.counts.error > 0 ? 2 : 0).toBe(report.exitCode);
  }, 240_000);

  it("says TARGET LOST and errors the remaining checks when the proxy stops accepting connections", async () => {
    const { server } = await startTestApi("command-network");
    const proxy = await startFaultProxy(server.apis[0]?.port ?? 0);
    let started = 0;
    const run = await runSuite(suites["command-network"], options(proxy.url), {
      onCheckStart: () => {
        started += 1;
        if (started === 3) {
          proxy.set({ refuse: true });
          proxy.reset();
        }
      },
    });
    expect(run.ok).toBe(true);
    if (!run.ok) return;
    expect(run.value.targetLost).toBeDefined();
    expect(run.value.exitCode).toBe(2);
    expect(run.value.results.at(-1)?.reason).toMatch(/^not run: the target went away earlier/);
  }, 60_000);
});
