import { describe, expect, it } from "vitest";
import { connect, connectV2, emitAck, next } from "../../support/client.js";
import { disconnected, emitAckV2, registered, registeredV2, startNetwork } from "./network-client.js";

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
});
