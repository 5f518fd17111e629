import { describe, expect, it } from "vitest";
import { createLoadMetrics } from "../../../metrics/load-metrics.js";
import { exportMetrics } from "../../../scenarios/engine/export-metrics.js";
import { FanOut } from "../../../scenarios/engine/fan-out.js";
import { Measurements } from "../../../scenarios/engine/measurements.js";
import { buildReport } from "../../../scenarios/engine/report.js";
import { runScenario } from "../../../scenarios/engine/runner.js";
import { broadcastScenario } from "../broadcast-scenario.js";
import { startLoadServer } from "../load-server.js";

describe("fan-out times per message", () => {
  it("records the first receiver at the first receipt and the last when every receiver has the message", () => {
    const m = new Measurements();
    const fanOut = new FanOut(m);
    fanOut.receiverJoined(0);
    fanOut.receiverJoined(0);
    fanOut.arrived(0, 1_000);
    fanOut.arrived(0, 3_000);
    fanOut.arrived(1, 2_000);
    fanOut.arrived(3, 1_500);
    fanOut.settle();
    expect(m.metric("fanout:first").outcomes).toMatchObject({ delivered: 3, lost: 1 });
    expect(m.metric("fanout:first").errors).toEqual({ no_receiver: 1 });
    expect(m.metric("fanout:last").outcomes).toMatchObject({ delivered: 1, lost: 3 });
    expect(m.metric("fanout:last").errors).toEqual({ no_receiver: 1, receiver_missed: 2 });
    expect(m.metric("fanout:last").total.maxValue).toBeGreaterThanOrEqual(2_990);
  });

  it("counts a broadcast that missed a receiver as lost at fanout:last, in the report and in Prometheus", async () => {
    const server = await startLoadServer({ missReceiverEvery: 10 });
    const scenario = broadcastScenario({ sequenceStart: 0, fanOut: true });
    const m = new Measurements();
    const metrics = createLoadMetrics();
    exportMetrics(m, metrics, "fan", {});
    // The rate is the only sender's: user 0 sends 50 broadcasts to 3 receivers; broadcasts 10, 20, ... 50 miss one.
    await runScenario(scenario, { target: server.url, vus: 4, rate: 50, durationSeconds: 1 }, m);
    const report = buildReport(m, {
      scenario: "fan",
      target: server.url,
      plan: { vus: 4, rate: 50, durationSeconds: 1 },
    });
    expect(report.metrics.sent?.outcomes.delivered).toBe(50);
    expect(report.metrics["fanout:first"]?.outcomes).toMatchObject({ delivered: 50, lost: 0 });
    expect(report.metrics["fanout:last"]?.outcomes).toMatchObject({ delivered: 45, lost: 5 });
    expect(report.metrics["fanout:last"]?.errors).toEqual({ receiver_missed: 5 });
    const first = report.metrics["fanout:first"]?.latency.p50 ?? Number.NaN;
    expect(report.metrics["fanout:last"]?.latency.p50).toBeGreaterThanOrEqual(first);
    const text = await metrics.registry.metrics();
    expect(text).toContain('volley_load_latency_seconds_count{scenario="fan",metric="fanout:first"} 50');
    expect(text).toContain('volley_load_messages_total{scenario="fan",metric="fanout:last",outcome="lost"} 5');
  });
});
