import { describe, expect, it } from "vitest";
import { Measurements } from "../../../scenarios/engine/measurements.js";
import { runScenario } from "../../../scenarios/engine/runner.js";
import { phaseSchema, scenarioSchema } from "../../../scenarios/engine/scenario.js";
import { startLoadServer } from "../load-server.js";

describe("a run shaped by config.phases", () => {
  it("skips the arrivals that come while maxVusers users run, as Artillery does", async () => {
    const server = await startLoadServer();
    const scenario = scenarioSchema.parse({ engine: "volley", flow: [{ hold: { durationSeconds: 2 } }] });
    const m = new Measurements();
    // 5 arrivals in 1 s; each user holds 2 s, so after the first two every arrival finds 2 running.
    const phases = [phaseSchema.parse({ duration: 1, arrivalRate: 5, maxVusers: 2 })];
    await runScenario(scenario, { target: server.url, vus: 0, phases }, m);
    expect(m.startedUsers).toBe(2);
    expect(m.skippedArrivals).toBe(3);
    expect(m.peakUsers).toBe(2);
  });

  it("stops the arrivals on abort and settles the users already started", async () => {
    const server = await startLoadServer();
    const scenario = scenarioSchema.parse({ engine: "volley", flow: [{ hold: { durationSeconds: 10 } }] });
    const m = new Measurements();
    const stop = new AbortController();
    const phases = [phaseSchema.parse({ duration: 10, arrivalRate: 2 })];
    m.on("users", (active) => active === 2 && stop.abort());
    const started = performance.now();
    await runScenario(scenario, { target: server.url, vus: 0, phases, signal: stop.signal }, m);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(m.startedUsers).toBe(2);
  });
});
