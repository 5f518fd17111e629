import { describe, expect, it } from "vitest";
import { connect, emitAck, next, silence } from "../../support/client.js";
import { registered, startNetwork } from "./network-client.js";

describe("command-network command", () => {
  it("broadcasts {command, meta} to every registered client but the sender when target is null", async () => {
    const url = await startNetwork();
    const [sender, a, b] = await Promise.all(["sender", "a", "b"].map((n) => registered(url, n)));
    if (!sender || !a || !b) throw new Error("clients missing");
    const got = [next(a, "command"), next(b, "command"), silence(sender, "command")];
    expect(await emitAck(sender, "command", { command: "blink", meta: [1, 2], target: null, mirror: false })).toEqual({
      success: true,
    });
    const [atA, atB] = await Promise.all(got);
    expect(atA).toEqual([{ command: "blink", meta: [1, 2] }]);
    expect(atB).toEqual([{ command: "blink", meta: [1, 2] }]);
  });

  it("echoes a broadcast to the sender too with mirror", async () => {
    const url = await startNetwork();
    const sender = await registered(url, "sender");
    const other = await registered(url, "other");
    const got = Promise.all([next(sender, "command"), next(other, "command")]);
    await emitAck(sender, "command", { command: "blink", target: null, mirror: true });
    expect(await got).toEqual([[{ command: "blink", meta: null }], [{ command: "blink", meta: null }]]);
  });

  it("never delivers a broadcast to a connection that did not register", async () => {
    const url = await startNetwork();
    const sender = await registered(url, "sender");
    const stranger = await connect(url);
    const quiet = silence(stranger, "command");
    await emitAck(sender, "command", { command: "blink", target: null, mirror: true });
    await quiet;
  });

  it("delivers to a single named target only and acks success", async () => {
    const url = await startNetwork();
    const sender = await registered(url, "sender");
    const target = await registered(url, "target");
    const bystander = await registered(url, "bystander");
    const got = next(target, "command");
    const quiet = silence(bystander, "command");
    expect(await emitAck(sender, "command", { command: "ring", meta: "x", target: "target", mirror: true })).toEqual({
      success: true,
    });
    expect(await got).toEqual([{ command: "ring", meta: "x" }]);
    await quiet;
  });

  it("answers 440 for an unknown target and 441 for a disconnected one", async () => {
    const url = await startNetwork();
    const sender = await registered(url, "sender");
    expect(await emitAck(sender, "command", { command: "ring", target: "ghost" })).toEqual({
      success: false,
      error: 440,
      message: "Client not registered",
    });
    expect(await emitAck(sender, "command", { command: "ring", target: "demo-display" })).toEqual({
      success: false,
      error: 441,
      message: "Client not connected",
    });
  });

  it("delivers to each name of a target array and acks a result per target", async () => {
    const url = await startNetwork();
    const sender = await registered(url, "sender");
    const a = await registered(url, "a");
    const b = await registered(url, "b");
    const got = Promise.all([next(a, "command"), next(b, "command")]);
    const quiet = silence(sender, "command");
    expect(
      await emitAck(sender, "command", { command: "go", meta: 1, target: ["a", "b", "a", "ghost", "demo-display"] }),
    ).toEqual({
      success: true,
      targets: {
        a: { success: true },
        b: { success: true },
        ghost: { success: false, error: 440, message: "Client not registered" },
        "demo-display": { success: false, error: 441, message: "Client not connected" },
      },
    });
    expect(await got).toEqual([[{ command: "go", meta: 1 }], [{ command: "go", meta: 1 }]]);
    await quiet;
  });

  it("delivers a command sent without an ack callback, as the Python client sends it", async () => {
    const url = await startNetwork();
    const sender = await registered(url, "sender");
    const other = await registered(url, "other");
    const got = next(other, "command");
    sender.emit("command", { command: "noack", meta: null, target: null, mirror: false });
    expect(await got).toEqual([{ command: "noack", meta: null }]);
  });

  it("broadcasts client_disconnect {name, id} to registered clients when one closes", async () => {
    const url = await startNetwork();
    const watcher = await registered(url, "watcher");
    const stranger = await connect(url);
    const leaver = await registered(url, "leaver");
    const { id } = (await emitAck(leaver, "get_id", {})) as { id: string };
    const notice = next(watcher, "client_disconnect");
    const quiet = silence(stranger, "client_disconnect");
    leaver.close();
    expect(await notice).toEqual([{ name: "leaver", id }]);
    await quiet;
  });
});
