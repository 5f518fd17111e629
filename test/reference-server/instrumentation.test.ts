import { describe, expect, it } from "vitest";
import { antimonyProtocol } from "../../protocols/antimony/index.js";
import { connect, emitAck, next } from "../support/client.js";
import { startTestApi } from "../support/server.js";

async function scrape(url: string): Promise<string> {
  return (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(2_000) })).text();
}

/** The value of one sample, 0 when the series is absent. */
function sample(text: string, series: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

describe("server instrumentation", () => {
  it("exposes a zero connection series for every namespace of the API before any client connects", async () => {
    const { url } = await startTestApi("antimony");
    const text = await scrape(url);
    expect(antimonyProtocol.namespaces.length).toBeGreaterThan(1);
    for (const { pattern: ns } of antimonyProtocol.namespaces) {
      expect(text).toContain(`volley_server_connections{api="antimony",namespace="${ns}"} 0`);
      expect(text).toContain(`volley_server_connections_total{api="antimony",namespace="${ns}"} 0`);
    }
  });

  it("counts a broadcast once per receiving socket, under its namespace and event", async () => {
    const { url } = await startTestApi("command-network");
    const [sender, ...receivers] = await Promise.all([connect(url), connect(url), connect(url)]);
    if (sender === undefined) throw new Error("no sender");
    for (const [i, s] of [sender, ...receivers].entries()) await emitAck(s, "register", { name: `app-${i}` });
    const before = sample(
      await scrape(url),
      'volley_server_events_emitted_total{api="command-network",namespace="/",event="command"}',
    );
    const arrivals = receivers.map((r) => next(r, "command"));
    await emitAck(sender, "command", { command: "ping", target: null });
    await Promise.all(arrivals);
    const text = await scrape(url);
    const after = sample(
      text,
      'volley_server_events_emitted_total{api="command-network",namespace="/",event="command"}',
    );
    expect(after - before).toBe(receivers.length);
    expect(text).not.toContain('namespace="<unknown>"');
  });

  it("keeps event labels bounded: any number of undefined event names from a client make one <unknown> series", async () => {
    const { url } = await startTestApi("command-network");
    const socket = await connect(url);
    await emitAck(socket, "register", { name: "noisy" });
    for (let i = 0; i < 20; i++) socket.emit(`made-up-${i}`, {});
    // Events on one socket arrive in order: once this ack is back, the 20 before it have been counted.
    await emitAck(socket, "get_id", { appName: "noisy" });
    const received = (await scrape(url))
      .split("\n")
      .filter((l) => l.startsWith("volley_server_events_received_total{"));
    expect(received.filter((l) => l.includes("made-up"))).toEqual([]);
    expect(received).toContain(
      'volley_server_events_received_total{api="command-network",namespace="/",event="<unknown>"} 20',
    );
  });
});
