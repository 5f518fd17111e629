import { describe, expect, it } from "vitest";
import { Measurements } from "../../../scenarios/engine/measurements.js";
import { buildReport, type LoadReport } from "../../../scenarios/engine/report.js";
import { runScenario } from "../../../scenarios/engine/runner.js";
import { scenarioSchema } from "../../../scenarios/engine/scenario.js";
import { startLoadServer } from "../load-server.js";

async function runFlow(flow: unknown[]): Promise<LoadReport> {
  const server = await startLoadServer();
  const m = new Measurements();
  await runScenario(scenarioSchema.parse({ engine: "volley", flow }), { target: server.url, vus: 1 }, m);
  return buildReport(m, { scenario: "t", target: server.url, plan: { vus: 1, rate: null, durationSeconds: null } });
}

describe("replies on pushed events and captured values", () => {
  it("waits for the push that contains the emit's text, ignores the others, and times out a reply that never comes", async () => {
    const report = await runFlow([
      // lines {seq: 1..5} at 50/s: the reply is the line holding "seq":5, about 100 ms after the emit
      {
        emitAwait: {
          event: "stream",
          args: [{ count: 5, rate: 50 }],
          reply: "line",
          match: '"seq":5',
          metric: "fifth",
        },
      },
      {
        emitAwait: { event: "stream", args: [{ count: 1, rate: 50 }], reply: "never", timeoutMs: 200, metric: "none" },
      },
    ]);
    expect(report.metrics.fifth?.outcomes.delivered).toBe(1);
    expect(report.metrics.fifth?.latency.min).toBeGreaterThan(60);
    expect(report.metrics.none?.outcomes.timedOut).toBe(1);
    expect(report.metrics.none?.errors).toEqual({ reply_timeout: 1 });
  });

  it("fills {{capture.NAME}} from an earlier reply, and ends the flow when a value to capture is missing", async () => {
    const report = await runFlow([
      { awaitEvent: { event: "welcome", metric: "welcome-wrong", contains: '"sockets":7' } },
      { emitAck: { event: "echo", args: [{ id: "abc" }], metric: "first", capture: { id: "id" } } },
      // the echo of {error: "<captured id>"} is an error reply coded by that text: the id was filled in
      { emitAck: { event: "echo", args: [{ error: "{{capture.id}}" }], metric: "second", errorField: "error" } },
      { emitAck: { event: "echo", args: [{ other: 1 }], metric: "third", capture: { id: "id" } } },
      { emitAck: { event: "echo", args: [], metric: "never-sent" } },
    ]);
    expect(report.metrics["welcome-wrong"]?.errors).toEqual({ unexpected_payload: 1 });
    expect(report.metrics.second?.errors).toEqual({ abc: 1 });
    expect(report.metrics.third?.errors).toEqual({ capture_missing: 1 });
    expect(report.metrics["never-sent"]).toBeUndefined();
  });
});
