import type { Socket } from "socket.io-client";
import { describe, expect, it } from "vitest";
import { connect, emitAck, next } from "../../support/client.js";
import { registered, startNetwork } from "./network-client.js";

const invalid = { success: false, error: 422, message: expect.stringContaining("Invalid payload") };
/** An own `__proto__` key, as JSON.parse makes it on the wire (an object literal would set the prototype instead). */
const protoKey = (inner: object) => JSON.parse(`{"__proto__": ${JSON.stringify(inner)}}`);
const huge = "x".repeat(70_000); // over the default limits.maxStringBytes (65,536), under maxPayloadBytes

/** An honest pair, connected beside the garbage, must still be able to exchange a command afterwards. */
async function honestPair(url: string): Promise<() => Promise<void>> {
  const alice = await registered(url, "alice");
  const bob = await registered(url, "bob");
  return async () => {
    const got = next(bob, "command");
    expect(await emitAck(alice, "command", { command: "still-there", target: "bob" })).toEqual({ success: true });
    expect(await got).toEqual([{ command: "still-there", meta: null }]);
  };
}

async function metricsOf(url: string): Promise<string> {
  return (await fetch(`${url}/metrics`)).text();
}

describe("command-network bad input", () => {
  it.each<[string, unknown[]]>([
    ["no payload", []],
    ["null", [null]],
    ["a number", [42]],
    ["a bare string", ["lamp"]],
    ["an array", [["lamp"]]],
    ["no name", [{}]],
    ["a numeric name", [{ name: 7 }]],
    ["an empty name", [{ name: "" }]],
    ["an oversized name", [{ name: huge }]],
    ["the name only under __proto__", [protoKey({ name: "evil" })]],
  ])("answers 422 to register with %s and registers nothing", async (_, args) => {
    const url = await startNetwork();
    const check = await honestPair(url);
    const garbage = await connect(url);
    expect(await emitAck(garbage, "register", ...args)).toEqual(invalid);
    expect(await emitAck(garbage, "get_clients")).toMatchObject({ success: false, error: 480 });
    await check();
  });

  it.each<[string, unknown]>([
    ["a number", 42],
    ["a bare string", "lamp"],
    ["a numeric appName", { appName: 5 }],
    ["an object appName", { appName: { name: "bob" } }],
  ])("answers 422 to get_id with %s", async (_, payload) => {
    const url = await startNetwork();
    const check = await honestPair(url);
    const garbage = await registered(url, "garbage");
    expect(await emitAck(garbage, "get_id", payload)).toEqual(invalid);
    await check();
  });

  it.each<[string, unknown[]]>([
    ["no payload", []],
    ["null", [null]],
    ["a bare string", ["blink"]],
    ["no command", [{ meta: 1 }]],
    ["a numeric command", [{ command: 5 }]],
    ["an empty command", [{ command: "" }]],
    ["a numeric target (the real server crashes)", [{ command: "x", target: 5 }]],
    ["an object target", [{ command: "x", target: { bob: true } }]],
    ["a target array holding a number", [{ command: "x", target: ["bob", 1] }]],
    ["an empty-string target", [{ command: "x", target: "" }]],
    ["a string mirror", [{ command: "x", mirror: "yes" }]],
    ["an oversized command", [{ command: huge }]],
    ["an oversized meta", [{ command: "x", meta: { text: huge } }]],
    [
      "an oversized target array",
      [{ command: "x", target: Array.from({ length: 8 }, (_, i) => `${i}${huge.slice(0, 9_000)}`) }],
    ],
    ["the command only under __proto__", [protoKey({ command: "evil" })]],
  ])("answers 422 to command with %s and relays nothing", async (_, args) => {
    const url = await startNetwork();
    const check = await honestPair(url);
    const garbage = await registered(url, "garbage");
    expect(await emitAck(garbage, "command", ...args)).toEqual(invalid);
    const { commands } = (await emitAck(garbage, "get_past_commands")) as { commands: unknown[] };
    expect(commands).toEqual([]);
    await check();
  });

  it("ignores extra keys, __proto__ and constructor among them", async () => {
    const url = await startNetwork();
    const alice = await registered(url, "alice");
    const bob = await registered(url, "bob");
    const payload = { ...protoKey({ target: "alice" }), constructor: "x", command: "hi", target: "bob", extra: 1 };
    const got = next(bob, "command");
    expect(await emitAck(alice, "command", payload)).toEqual({ success: true });
    expect(await got).toEqual([{ command: "hi", meta: null }]);
  });

  it("treats __proto__ and constructor as ordinary names", async () => {
    const url = await startNetwork();
    const proto = await registered(url, "__proto__");
    const ctor = await registered(url, "constructor");
    const got = next(proto, "command");
    expect(await emitAck(ctor, "command", { command: "hi", target: ["__proto__"] })).toMatchObject({
      targets: protoKey({ success: true }),
    });
    await got;
    const { clients } = (await emitAck(ctor, "get_clients")) as { clients: object };
    expect(Object.keys(clients)).toEqual(expect.arrayContaining(["__proto__", "constructor"]));
    expect(await emitAck(ctor, "get_id", { appName: "toString" })).toMatchObject({ error: 440 });
  });

  it("answers get_clients and get_past_commands whatever precedes the ack", async () => {
    const url = await startNetwork();
    const socket = await registered(url, "lamp");
    expect(await emitAck(socket, "get_clients", "junk", { a: 1 })).toMatchObject({ success: true });
    expect(await emitAck(socket, "get_past_commands", 5)).toMatchObject({ success: true });
  });

  it("performs actions sent without an ack callback and stays usable", async () => {
    const url = await startNetwork();
    const check = await honestPair(url);
    const quiet = await connect(url);
    const registeredEvent = next(quiet, "registered");
    quiet.emit("register", { name: "quiet" });
    await registeredEvent;
    for (const event of ["get_id", "get_clients", "get_past_commands"]) quiet.emit(event);
    quiet.emit("command", { command: 5 });
    expect(await emitAck(quiet, "get_id", { appName: "quiet" })).toMatchObject({ success: true });
    await check();
  });

  it("ignores unknown events and keeps the connection usable", async () => {
    const url = await startNetwork();
    const socket: Socket = await registered(url, "lamp");
    let answered = false;
    socket.emit("get_everything", { all: true }, () => {
      answered = true;
    });
    socket.emit("__proto__", {});
    expect(await emitAck(socket, "get_id", {})).toMatchObject({ success: true });
    expect(answered).toBe(false);
  });

  it("counts every 422 and never lets a handler throw", async () => {
    const url = await startNetwork();
    const socket = await registered(url, "lamp");
    for (const payload of [null, 1, {}, { command: 1 }, { command: "x", target: 1 }]) {
      await emitAck(socket, "command", payload);
    }
    const text = await metricsOf(url);
    expect(text).toMatch(/volley_server_errors_total\{api="command-network",code="422"\} 5/);
    expect(text).not.toMatch(/code="internal"/);
  });
});
