import { describe, expect, it } from "vitest";
import { Measurements } from "../../../scenarios/engine/measurements.js";
import { buildReport, type LoadReport } from "../../../scenarios/engine/report.js";
import { NOT_SENT, runScenario } from "../../../scenarios/engine/runner.js";
import { type Scenario, scenarioSchema } from "../../../scenarios/engine/scenario.js";
import { broadcastScenario } from "../broadcast-scenario.js";
import { startLoadServer } from "../load-server.js";

const echoLoop = (generation: 2 | 4, timeoutMs = 2_000): Scenario =>
  scenarioSchema.parse({
    engine: "volley",
    volley: { clientVersion: generation },
    flow: [{ openLoop: { rate: 1, durationSeconds: 1, emitAck: { event: "echo", args: ["{{seq}}"], timeoutMs } } }],
  });

async function run(scenario: Scenario, target: string, plan: { vus: number; rate: number; durationSeconds: number }) {
  const m = new Measurements();
  await runScenario(scenario, { target, ...plan }, m);
  return buildReport(m, { scenario: "test", target, plan: { ...plan } });
}

function total(report: LoadReport, metric: string): number {
  const o = report.metrics[metric]?.outcomes;
  return o === undefined ? 0 : o.delivered + o.lost + o.errored + o.timedOut;
}

describe("the load engine's runner", () => {
  for (const generation of [4, 2] as const) {
    it(`reports a fixed 100 ms server delay as 100 ms at p50 within 10% (Socket.IO ${generation})`, async () => {
      const server = await startLoadServer({ generation, delayMs: 100 });
      // A first, unmeasured run warms the JIT and the sockets' code paths; only the second is checked.
      await run(echoLoop(generation), server.url, { vus: 4, rate: 40, durationSeconds: 0.3 });
      const report = await run(echoLoop(generation), server.url, { vus: 4, rate: 48, durationSeconds: 1 });
      const ack = report.metrics["ack:echo"];
      expect(ack?.outcomes.delivered).toBe(48);
      expect(ack?.latency.p50).toBeGreaterThanOrEqual(90);
      expect(ack?.latency.p50).toBeLessThanOrEqual(110);
    });
  }

  it("shows a 400 ms server stall in p99 of an open-model run instead of hiding it", async () => {
    const server = await startLoadServer({ stallAfterMs: 500, stallMs: 400 });
    const report = await run(echoLoop(4), server.url, { vus: 2, rate: 200, durationSeconds: 1.5 });
    const ack = report.metrics["ack:echo"];
    // ~80 of 300 emits fall in the stall: far more than 1%, so p99 is near the full stall.
    expect(ack?.outcomes.delivered).toBe(300);
    expect(ack?.latency.p99).toBeGreaterThan(300);
    // The stall, not a timeout: nothing waited much longer than the stall itself.
    expect(ack?.latency.max).toBeLessThan(1_500);
  });

  it("accounts every acked emit exactly once: dropped replies time out and the totals add up", async () => {
    const server = await startLoadServer({ dropEvery: 100 });
    // A generous ack timeout: on a loaded machine a real ack can take longer than 300 ms, and must not count as dropped.
    const report = await run(echoLoop(4), server.url, { vus: 5, rate: 500, durationSeconds: 1 });
    expect(server.received()).toBe(500);
    expect(total(report, "ack:echo")).toBe(500);
    expect(report.metrics["ack:echo"]?.outcomes).toEqual({ delivered: 495, lost: 0, errored: 0, timedOut: 5 });
    expect(report.metrics["ack:echo"]?.errors).toEqual({ ack_timeout: 5 });
  });

  it("reports a stream that leaves out every 100th line as that many lost lines", async () => {
    const server = await startLoadServer({ dropEvery: 100 });
    const scenario = scenarioSchema.parse({
      engine: "volley",
      flow: [
        { subscribe: { event: "line", sequenceField: "seq", sentAtField: "sentAt" } },
        { emit: { event: "stream", args: [{ count: 301, rate: 500 }] } },
        { awaitEvent: { event: "end", timeoutMs: 5_000 } },
      ],
    });
    const report = await run(scenario, server.url, { vus: 3, rate: 1, durationSeconds: 1 });
    // Lines 100, 200 and 300 are missing for each of the 3 users; line 301 closes the last gap.
    expect(report.metrics["push:line"]?.outcomes).toMatchObject({ delivered: 3 * 298, lost: 3 * 3 });
  });

  for (const generation of [4, 2] as const) {
    it(`hands an event the server emits on connection to the flow that waits for it (Socket.IO ${generation})`, async () => {
      const server = await startLoadServer({ generation });
      const scenario = scenarioSchema.parse({
        engine: "volley",
        volley: { clientVersion: generation },
        flow: [{ awaitEvent: { event: "welcome", timeoutMs: 1_000 } }],
      });
      const report = await run(scenario, server.url, { vus: 3, rate: 1, durationSeconds: 1 });
      expect(report.metrics["event:welcome"]?.outcomes).toMatchObject({ delivered: 3, timedOut: 0 });
    });
  }

  it("stops early when aborted, still settling every emit it sent", async () => {
    const server = await startLoadServer({ delayMs: 50 });
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 500);
    const m = new Measurements();
    const started = performance.now();
    await runScenario(
      echoLoop(4),
      { target: server.url, vus: 2, rate: 100, durationSeconds: 10, signal: stop.signal },
      m,
    );
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(m.metric("ack:echo").outcomes.delivered).toBe(server.received());
    expect(server.received()).toBeGreaterThan(0);
  });

  it("counts a refused connection as an errored connect with the server's reason, not a crash, and its planned messages as not sent", async () => {
    const report = await run(echoLoop(4), "http://127.0.0.1:1", { vus: 2, rate: 2, durationSeconds: 1 });
    expect(report.metrics.connect?.outcomes.errored).toBe(2);
    // 2 msg/s shared by 2 users for 1 s: one message each, settled although never sent.
    expect(report.metrics["ack:echo"]?.outcomes).toEqual({ delivered: 0, lost: 0, errored: 2, timedOut: 0 });
    expect(report.metrics["ack:echo"]?.errors).toEqual({ [NOT_SENT]: 2 });
  });
});

describe("a fan-out scenario", () => {
  it("reports a receiver missed on every 10th broadcast as that many lost messages, and per-receiver latency", async () => {
    const server = await startLoadServer({ missReceiverEvery: 10 });
    const scenario = broadcastScenario();
    // --rate is the sender's alone (the receivers run no openLoop): user 0 sends 101 broadcasts (seq 0..100) in 1 s.
    const report = await run(scenario, server.url, { vus: 5, rate: 101, durationSeconds: 1 });
    expect(report.metrics.sent?.outcomes.delivered).toBe(101);
    // Broadcasts 10, 20, ..., 100 (seq 9..99) miss one receiver; the last one (seq 100) closes the final gap.
    expect(report.metrics.received?.outcomes).toMatchObject({ delivered: 4 * 101 - 10, lost: 10 });
    expect(report.metrics.received?.latency.count).toBe(4 * 101 - 10);
  });
});
