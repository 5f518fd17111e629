import { describe, expect, it } from "vitest";
import { createLoadMetrics } from "../../../metrics/load-metrics.js";
import { exportMetrics } from "../../../scenarios/engine/export-metrics.js";
import { Measurements } from "../../../scenarios/engine/measurements.js";
import { runScenario } from "../../../scenarios/engine/runner.js";
import { scenarioSchema } from "../../../scenarios/engine/scenario.js";
import { startLoadServer } from "../load-server.js";

describe("Prometheus export of a load run", () => {
  it("counts every settled message by outcome and observes delivered latency in a real histogram", async () => {
    const server = await startLoadServer({ dropEvery: 10 });
    const scenario = scenarioSchema.parse({
      engine: "volley",
      flow: [{ openLoop: { rate: 1, durationSeconds: 1, emitAck: { event: "echo", timeoutMs: 300 } } }],
    });
    const m = new Measurements();
    const metrics = createLoadMetrics();
    exportMetrics(m, metrics, "echo", { budgets: { metrics: { "ack:echo": { p99: 50 } } } });
    await runScenario(scenario, { target: server.url, vus: 2, rate: 100, durationSeconds: 0.5 }, m);
    const text = await metrics.registry.metrics();
    expect(text).toContain('volley_load_messages_total{scenario="echo",metric="ack:echo",outcome="delivered"} 45');
    expect(text).toContain('volley_load_messages_total{scenario="echo",metric="ack:echo",outcome="timedOut"} 5');
    expect(text).toContain('volley_load_errors_total{scenario="echo",metric="ack:echo",code="ack_timeout"} 5');
    expect(text).toContain('volley_load_sent_total{scenario="echo"} 50');
    expect(text).toContain('volley_load_delivered_total{scenario="echo"} 45');
    // Both loops have stopped scheduling: nothing is planned any more.
    expect(text).toContain('volley_load_target_rate{scenario="echo"} 0');
    expect(text).toContain('volley_load_latency_seconds_count{scenario="echo",metric="ack:echo"} 45');
    expect(text).toContain('volley_load_budget_seconds{scenario="echo",metric="ack:echo",check="p99"} 0.05');
    expect(text).toContain('volley_load_virtual_users{scenario="echo"} 0');
  });
});
