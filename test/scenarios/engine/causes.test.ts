import { describe, expect, it } from "vitest";
import { MAX_CAUSES, Measurements } from "../../../scenarios/engine/measurements.js";
import { buildReport } from "../../../scenarios/engine/report.js";
import { runScenario } from "../../../scenarios/engine/runner.js";
import { type Scenario, scenarioSchema } from "../../../scenarios/engine/scenario.js";
import { broadcastScenario } from "../broadcast-scenario.js";
import { startLoadServer } from "../load-server.js";

async function run(scenario: Scenario, target: string, plan: { vus: number; rate?: number; durationSeconds?: number }) {
  const m = new Measurements();
  await runScenario(scenario, { target, ...plan }, m);
  return buildReport(m, { scenario: "test", target, plan: { vus: plan.vus, rate: null, durationSeconds: null } });
}

describe("errors carry the server's causes", () => {
  it("counts error replies by code and message, the first 20 distinct causes by name and the rest as other", async () => {
    // The load server acks `echo` with its argument: each reply carries the error it was sent.
    const server = await startLoadServer();
    const scenario = scenarioSchema.parse({
      engine: "volley",
      flow: [
        {
          openLoop: {
            rate: 25,
            durationSeconds: 1,
            emitAck: {
              event: "echo",
              args: [{ error: { code: "E{{seq}}", message: "no such lab" } }],
              errorField: "error",
            },
          },
        },
      ],
    });
    const report = await run(scenario, server.url, { vus: 1 });
    const errors = report.metrics["ack:echo"]?.errors ?? {};
    expect(report.metrics["ack:echo"]?.outcomes.errored).toBe(25);
    expect(Object.keys(errors)).toHaveLength(MAX_CAUSES + 1);
    expect(errors["E0: no such lab"]).toBe(1);
    expect(errors.other).toBe(25 - MAX_CAUSES);
    // Each second's point carries its failures under the same bounded names, adding up to its failed count.
    const points = report.timeline.filter((p) => p.metric === "ack:echo" && p.failed > 0);
    const perCause: Record<string, number> = {};
    for (const p of points) {
      expect(Object.values(p.causes ?? {}).reduce((a, b) => a + b, 0)).toBe(p.failed);
      for (const [cause, n] of Object.entries(p.causes ?? {})) perCause[cause] = (perCause[cause] ?? 0) + n;
    }
    expect(perCause).toEqual(errors);
  });

  it("names an error without a code by its JSON instead of the field's name", async () => {
    const server = await startLoadServer();
    const scenario = scenarioSchema.parse({
      engine: "volley",
      flow: [{ emitAck: { event: "echo", args: [{ error: { reason: "expired" } }], errorField: "error" } }],
    });
    const report = await run(scenario, server.url, { vus: 2 });
    expect(report.metrics["ack:echo"]?.errors).toEqual({ '{"reason":"expired"}': 2 });
  });
});

describe("a user's steps after a failed step", () => {
  it("are counted as skipped when an awaited event never comes, and the user stops there", async () => {
    const server = await startLoadServer();
    const scenario = scenarioSchema.parse({
      engine: "volley",
      flow: [
        { awaitEvent: { event: "authenticated", metric: "authenticate", timeoutMs: 300 } },
        { emitAck: { event: "echo", args: [1] } },
        { users: { from: 1, flow: [{ hold: { durationSeconds: 5 } }] } },
        { think: 10 },
      ],
    });
    const started = performance.now();
    const report = await run(scenario, server.url, { vus: 3 });
    // Users 1 and 2 would have held 5 s: they stopped at the timeout instead.
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(report.metrics.authenticate?.outcomes.timedOut).toBe(3);
    expect(report.metrics["ack:echo"]).toBeUndefined();
    // User 0 skips echo and think; users 1 and 2 also the hold.
    expect(report.skipped).toEqual({ authenticate: { users: 3, steps: 2 + 3 + 3 } });
  });

  it("end only a second socket's flow when they fail inside it: the user goes on after the socket", async () => {
    const server = await startLoadServer();
    const scenario = scenarioSchema.parse({
      engine: "volley",
      flow: [
        {
          socket: {
            namespace: "/",
            flow: [{ awaitEvent: { event: "never", metric: "inner", timeoutMs: 200 } }, { think: 10 }],
          },
        },
        { emitAck: { event: "echo", args: [1] } },
      ],
    });
    const report = await run(scenario, server.url, { vus: 2 });
    expect(report.metrics["ack:echo"]?.outcomes.delivered).toBe(2);
    expect(report.skipped).toEqual({ inner: { users: 0, steps: 2 } });
  });

  it("are counted as skipped for a user that never connected", async () => {
    const scenario = scenarioSchema.parse({
      engine: "volley",
      flow: [{ emitAck: { event: "echo", args: [1] } }, { think: 10 }],
    });
    const report = await run(scenario, "http://127.0.0.1:1", { vus: 2 });
    expect(report.skipped).toEqual({ connect: { users: 2, steps: 4 } });
  });
});

describe("latency resolution", () => {
  it("measures fan-out and push latency in microseconds, not whole milliseconds", async () => {
    const server = await startLoadServer();
    const report = await run(broadcastScenario({ sequenceStart: 0, fanOut: true }), server.url, {
      vus: 3,
      rate: 5,
      durationSeconds: 1,
    });
    const received = report.metrics.received?.latency;
    const first = report.metrics["fanout:first"]?.latency;
    expect(received?.count).toBe(10);
    // With {{now}} from Date.now every one of these was a whole number of milliseconds.
    expect(Number.isInteger(received?.min)).toBe(false);
    expect(Number.isInteger(first?.min)).toBe(false);
  });
});
