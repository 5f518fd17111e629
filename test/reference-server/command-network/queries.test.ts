import { describe, expect, it } from "vitest";
import { connect, emitAck } from "../../support/client.js";
import { registered, startNetwork } from "./network-client.js";

const mustRegister = { success: false, error: 480, message: "Client must register before calling" };

describe("command-network actions before register", () => {
  it.each([
    ["get_id", [{}]],
    ["get_clients", []],
    ["get_past_commands", []],
    ["command", [{ command: "ping", meta: null, target: null, mirror: false }]],
  ])("answers 480 to %s", async (event, args) => {
    const url = await startNetwork();
    const socket = await connect(url);
    expect(await emitAck(socket, event, ...args)).toEqual(mustRegister);
  });
});

describe("command-network get_id", () => {
  it("answers the caller's own id without an appName, and another client's id with one", async () => {
    const url = await startNetwork();
    const lamp = await registered(url, "lamp");
    const speaker = await registered(url, "speaker");
    const own = (await emitAck(lamp, "get_id", {})) as { success: boolean; id: string };
    expect(own).toEqual({ success: true, id: expect.any(String) });
    expect(await emitAck(speaker, "get_id", { appName: "lamp" })).toEqual(own);
    expect(await emitAck(speaker, "get_id", {})).not.toEqual(own);
  });

  it("answers 440 for a name never registered", async () => {
    const url = await startNetwork();
    const lamp = await registered(url, "lamp");
    expect(await emitAck(lamp, "get_id", { appName: "ghost" })).toEqual({
      success: false,
      error: 440,
      message: "Client not registered",
    });
  });
});

describe("command-network get_clients", () => {
  it("lists every registered name with id, connection status and last connection time", async () => {
    const url = await startNetwork();
    const before = Date.now();
    const lamp = await registered(url, "lamp");
    const res = (await emitAck(lamp, "get_clients")) as { success: boolean; clients: Record<string, unknown> };
    expect(res.success).toBe(true);
    expect(res.clients.lamp).toEqual({ id: expect.any(String), connected: true, lastConnected: expect.any(Number) });
    expect((res.clients.lamp as { lastConnected: number }).lastConnected).toBeGreaterThanOrEqual(before);
    // The demo fixtures seed one known, disconnected client.
    expect(res.clients["demo-display"]).toMatchObject({ connected: false });
  });

  it("shows a closed client as not connected", async () => {
    const url = await startNetwork();
    const watcher = await registered(url, "watcher");
    const lamp = await registered(url, "lamp");
    const notice = new Promise((resolve) => watcher.once("client_disconnect", resolve));
    lamp.close();
    await notice;
    const res = (await emitAck(watcher, "get_clients")) as { clients: Record<string, { connected: boolean }> };
    expect(res.clients.lamp?.connected).toBe(false);
  });
});

describe("command-network get_past_commands", () => {
  it("lists past commands oldest first with timestamp, source, target, command and meta", async () => {
    const url = await startNetwork();
    const lamp = await registered(url, "lamp");
    await registered(url, "speaker");
    await emitAck(lamp, "command", { command: "on", meta: { level: 3 }, target: null, mirror: false });
    await emitAck(lamp, "command", { command: "off", target: "speaker" });
    expect(await emitAck(lamp, "get_past_commands")).toEqual({
      success: true,
      commands: [
        { timestamp: expect.any(Number), source: "lamp", target: null, command: "on", meta: { level: 3 } },
        { timestamp: expect.any(Number), source: "lamp", target: "speaker", command: "off", meta: null },
      ],
    });
  });

  it("keeps at most limits.pastCommands, dropping the oldest", async () => {
    const url = await startNetwork({ options: { limits: { pastCommands: 3 } } });
    const lamp = await registered(url, "lamp");
    for (const n of [1, 2, 3, 4, 5]) await emitAck(lamp, "command", { command: `c${n}` });
    const { commands } = (await emitAck(lamp, "get_past_commands")) as { commands: { command: string }[] };
    expect(commands.map((c) => c.command)).toEqual(["c3", "c4", "c5"]);
  });
});
