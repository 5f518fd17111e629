import { describe, expect, it } from "vitest";
import { commandNetworkFaults } from "../../../reference-server/command-network/faults.js";
import { connect, emitAck, next, silence } from "../../support/client.js";
import { registered, startNetwork } from "./network-client.js";

const withFault = (fault: string) => startNetwork({ options: { fault } });

describe("command-network faults", () => {
  it("lists each fault once, named command-network.<defect>", () => {
    const names = commandNetworkFaults.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^command-network\.[a-z-]+$/);
  });

  it("unregistered-access serves actions before register", async () => {
    const url = await withFault("command-network.unregistered-access");
    const stranger = await connect(url);
    expect(await emitAck(stranger, "get_clients")).toMatchObject({ success: true });
  });

  it("broadcast-to-unregistered delivers a broadcast to a connection that never registered", async () => {
    const url = await withFault("command-network.broadcast-to-unregistered");
    const sender = await registered(url, "sender");
    const stranger = await connect(url);
    const got = next(stranger, "command");
    await emitAck(sender, "command", { command: "blink", target: null });
    expect(await got).toEqual([{ command: "blink", meta: null }]);
  });

  it("sender-echo sends a broadcast without mirror back to its sender", async () => {
    const url = await withFault("command-network.sender-echo");
    const sender = await registered(url, "sender");
    const got = next(sender, "command");
    await emitAck(sender, "command", { command: "blink", target: null, mirror: false });
    expect(await got).toEqual([{ command: "blink", meta: null }]);
  });

  it("wrong-not-connected-code answers 440 for a disconnected target", async () => {
    const url = await withFault("command-network.wrong-not-connected-code");
    const sender = await registered(url, "sender");
    expect(await emitAck(sender, "command", { command: "x", target: "demo-display" })).toMatchObject({ error: 440 });
  });

  it("no-disconnect-notice never broadcasts client_disconnect", async () => {
    const url = await withFault("command-network.no-disconnect-notice");
    const watcher = await registered(url, "watcher");
    const leaver = await registered(url, "leaver");
    const quiet = silence(watcher, "client_disconnect");
    leaver.close();
    await quiet;
  });
});
