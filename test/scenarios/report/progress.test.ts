import { describe, expect, it } from "vitest";
import { Measurements } from "../../../scenarios/engine/measurements.js";
import { runScenario } from "../../../scenarios/engine/runner.js";
import { scenarioSchema } from "../../../scenarios/engine/scenario.js";
import { showProgress } from "../../../scenarios/report/progress.js";
import { startLoadServer } from "../load-server.js";

/** What the progress renderer writes, line by line (it writes to stderr in `volley load`). */
function lines(): { out: NodeJS.WriteStream; written: string[] } {
  const written: string[] = [];
  const out = { isTTY: false, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
  return { out, written };
}

describe("the progress line", () => {
  it("says what the run still waits for once its schedule is over, instead of 0 s left", async () => {
    const server = await startLoadServer();
    // A 1 s pause, then an event the server never sends: the schedule ends at 1 s, the wait at 3.5 s.
    const scenario = scenarioSchema.parse({
      engine: "volley",
      flow: [{ think: 1_000 }, { awaitEvent: { event: "never", metric: "authenticate", timeoutMs: 2_500 } }],
    });
    const m = new Measurements();
    const { out, written } = lines();
    const stop = showProgress(m, out, 1);
    await runScenario(scenario, { target: server.url, vus: 2 }, m);
    stop();
    expect(written.some((l) => / users 2 {2}draining: 2 users, 2 replies awaited\n$/.test(l))).toBe(true);
    expect(written.some((l) => /0 s left/.test(l))).toBe(false);
  });

  it("shows the target, send and delivery rates of the last second", async () => {
    const server = await startLoadServer();
    const scenario = scenarioSchema.parse({
      engine: "volley",
      flow: [{ openLoop: { rate: 20, durationSeconds: 2.5, emitAck: { event: "echo", args: ["{{seq}}"] } } }],
    });
    const m = new Measurements();
    const { out, written } = lines();
    const stop = showProgress(m, out, 2.5);
    await runScenario(scenario, { target: server.url, vus: 2 }, m);
    stop();
    // The second full second: both loops scheduling, about 40 messages sent and answered (acks straddle ticks).
    const second = written[1] ?? "";
    expect(second).toMatch(
      /^\[ {3}2 s\] +(3[5-9]|4[0-5])\.\d msg\/s delivered {2}sent (3[5-9]|4[0-5])\.\d\/s \(target 40\.0\/s\)/,
    );
  });
});
