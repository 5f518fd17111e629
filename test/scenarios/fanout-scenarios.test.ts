import { describe, expect, it } from "vitest";
import { startTestApi } from "../support/server.js";
import { runScenarioFile } from "./scenario-file-run.js";

describe("fan-out scenarios", () => {
  it("command-network-fanout reports time to the first and to the last receiver per command within its budgets", async () => {
    const { url } = await startTestApi("command-network");
    // --rate is the sender's (only user 0 runs an openLoop): 20 commands in 1 s to 4 receivers.
    const { report, failed } = await runScenarioFile("command-network-fanout", url, {
      vus: 5,
      rate: 20,
      durationSeconds: 1,
    });
    expect(failed).toEqual([]);
    expect(report.metrics["fanout:first"]?.outcomes.delivered).toBe(20);
    expect(report.metrics["fanout:last"]?.outcomes.delivered).toBe(20);
    expect(report.metrics.received?.outcomes.delivered).toBe(80);
  }, 20_000);

  it("circles-chat-fanout reports time to the first and to the last receiver per message within its budgets", async () => {
    const { url } = await startTestApi("circles-chat");
    const response = await fetch(`${url}/admin/tokens`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user_id: 1 }),
      signal: AbortSignal.timeout(2_000),
    });
    const { token } = (await response.json()) as { token: string };
    const { report, failed } = await runScenarioFile(
      "circles-chat-fanout",
      url,
      { vus: 4, rate: 10, durationSeconds: 1 },
      { token },
    );
    expect(failed).toEqual([]);
    expect(report.metrics["fanout:first"]?.outcomes.delivered).toBe(10);
    expect(report.metrics["fanout:last"]?.outcomes.delivered).toBe(10);
  }, 20_000);
});
