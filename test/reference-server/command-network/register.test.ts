import { describe, expect, it } from "vitest";
import { connect, connectV2, emitAck, next, REPLY_TIMEOUT_MS } from "../../support/client.js";
import { disconnected, emitAckV2, registered, registeredV2, startNetwork } from "./network-client.js";

/** Polls /metrics until `event` has been received `count` times, or fails after the reply deadline. */
async function receivedCount(url: string, event: string, count: number): Promise<void> {
  const pattern = new RegExp(`volley_server_events_received_total\\{[^}]*event="${event}"[^}]*\\} (\\d+)`);
  const deadline = Date.now() + REPLY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const seen = Number(pattern.exec(await (await fetch(`${url}/metrics`)).text())?.[1] ?? 0);
    if (seen >= count) return;
  }
  throw new Error(`"${event}" not received ${count} times`);
}

describe("command-network register", () => {
  it("acks a new name with newClient true and emits registered", async () => {
    const url = await startNetwork();
    const socket = await connect(url);
    const registeredEvent = next(socket, "registered");
    expect(await emitAck(socket, "register", { name: "lamp" })).toEqual({ success: true, newClient: true });
    expect(await registeredEvent).toEqual([]);
  });

  it("acks a known disconnected name with newClient false and keeps its id", async () => {
    const url = await startNetwork();
    const watcher = await registered(url, "watcher");
    const first = await registered(url, "lamp");
    const { id } = (await emitAck(first, "get_id", {})) as { id: string };
    const notice = next(watcher, "client_disconnect");
    first.close();
    expect(await notice).toEqual([{ name: "lamp", id }]);

    const again = await connect(url);
    expect(await emitAck(again, "register", { name: "lamp" })).toEqual({ success: true, newClient: false });
    expect(await emitAck(again, "get_id", {})).toEqual({ success: true, id });
  });

  it("answers 450 to a name another connection holds and closes only the newcomer", async () => {
    const url = await startNetwork();
    const holder = await registered(url, "lamp");
    const newcomer = await connect(url);
    const gone = disconnected(newcomer);
    expect(await emitAck(newcomer, "register", { name: "lamp" })).toEqual({
      success: false,
      error: 450,
      message: "Client already connected",
    });
    await gone;
    expect(holder.connected).toBe(true);
    expect(await emitAck(holder, "get_id", {})).toMatchObject({ success: true });
  });

  it("answers 451 to a second register on the same connection and keeps the first name", async () => {
    const url = await startNetwork();
    const socket = await registered(url, "lamp");
    expect(await emitAck(socket, "register", { name: "other" })).toMatchObject({ success: false, error: 451 });
    const { clients } = (await emitAck(socket, "get_clients")) as { clients: Record<string, unknown> };
    expect(Object.keys(clients)).toContain("lamp");
    expect(Object.keys(clients)).not.toContain("other");
  });

  it("registers a Socket.IO 2.x client beside a 4.x one, and the 2.x one sees registered", async () => {
    const url = await startNetwork();
    const old = await connectV2(url);
    const registeredEvent = next(old, "registered");
    expect(await emitAckV2(old, "register", { name: "old-app" })).toEqual({ success: true, newClient: true });
    await registeredEvent;
    const modern = await registered(url, "new-app");
    const { clients } = (await emitAck(modern, "get_clients")) as { clients: Record<string, { connected: boolean }> };
    expect(clients["old-app"]?.connected).toBe(true);
    expect(await emitAckV2(await registeredV2(url, "old-two"), "get_id", { appName: "new-app" })).toMatchObject({
      success: true,
    });
  });

  it("answers 450 to a 2.x newcomer too and closes it", async () => {
    const url = await startNetwork();
    await registered(url, "lamp");
    const old = await connectV2(url);
    const gone = next(old, "disconnect");
    expect(await emitAckV2(old, "register", { name: "lamp" })).toMatchObject({ success: false, error: 450 });
    await gone;
  });

  it("does not register a connection that closed before its delayed handler ran", async () => {
    // Long enough for the metrics poll below to finish inside it, even on a loaded machine.
    const url = await startNetwork({ options: { delayMs: 600 } });
    const watcher = await registered(url, "watcher");
    const quitter = await connect(url);
    quitter.emit("register", { name: "quitter" });
    // Close only once the server has received the register (its handler now waits out the delay).
    await receivedCount(url, "register", 2);
    quitter.close();
    // The watcher's call is delayed the same way, so it runs after the quitter's register handler has.
    const { clients } = (await emitAck(watcher, "get_clients")) as { clients: Record<string, { connected: boolean }> };
    expect(clients.quitter?.connected).not.toBe(true);
  });
});
