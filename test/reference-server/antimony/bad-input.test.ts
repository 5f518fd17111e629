import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { errorCodes, isLabCommand, labCommands, shellNamespace } from "../../../protocols/antimony/index.js";
import { parseLabCommand } from "../../../reference-server/antimony/lab-commands.js";
import { emitAck, next, silence } from "../../support/client.js";
import { as, command, openShell, startAntimony, subscribe } from "./antimony-client.js";

const garbage: Array<[string, unknown]> = [
  ["a number", 42],
  ["null", null],
  ["an array", [1, 2]],
  ["a string that is not JSON", "{labId:"],
  ["a JSON string of a number", "7"],
  ["labId of the wrong type", { labId: 5, command: 0 }],
  ["an empty labId", { labId: "", command: 0 }],
  ["command as a string", { labId: "lab-alpha", command: "0" }],
  ["a fractional command", { labId: "lab-alpha", command: 0.5 }],
  ["node of the wrong type", { labId: "lab-alpha", command: 2, node: 7 }],
  ["shellId of the wrong type", { labId: "lab-alpha", command: 7, shellId: {} }],
  ["an oversized labId", { labId: "x".repeat(2_000), command: 0 }],
  ["an oversized JSON string", JSON.stringify({ labId: "lab-alpha", command: 0, node: "y".repeat(2_000) })],
];

describe("antimony bad input", () => {
  it.each(garbage)("answers 5422 to %s on /lab-commands", async (_name, request) => {
    const url = await startAntimony({ limits: { maxStringBytes: 1_024 } });
    const socket = await as("alice", url, "/lab-commands");
    expect(await command(socket, request)).toMatchObject({
      code: errorCodes.invalidRequest,
      message: expect.any(String),
    });
  });

  it("answers 5422 to a request with no payload, only an ack", async () => {
    const url = await startAntimony();
    const socket = await as("alice", url, "/lab-commands");
    expect(await emitAck(socket, "data")).toMatchObject({ code: errorCodes.invalidRequest });
  });

  it("treats __proto__ and constructor keys as data and ignores them", async () => {
    const url = await startAntimony();
    const socket = await as("alice", url, "/lab-commands");
    const hostile =
      '{"labId":"lab-alpha","command":5,"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}';
    expect(await command(socket, hostile)).toEqual({ payload: [] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("does nothing with a command sent without an ack callback, and keeps the socket", async () => {
    const url = await startAntimony();
    const socket = await as("alice", url, "/lab-commands");
    const updates = await as("alice", url, "/lab-updates");
    const quiet = silence(updates, "data");
    socket.emit("data", { labId: "lab-alpha", command: labCommands.deploy });
    await quiet;
    expect(await command(socket, { labId: "lab-alpha", command: labCommands.listShells })).toEqual({ payload: [] });
  });

  it("ignores unknown events and stays connected", async () => {
    const url = await startAntimony();
    const socket = await as("alice", url, "/lab-commands");
    socket.emit("deploy", { labId: "lab-alpha" });
    socket.emit("backlog", () => undefined);
    expect(await command(socket, { labId: "lab-alpha", command: labCommands.listShells })).toEqual({ payload: [] });
    expect(socket.connected).toBe(true);
  });

  it("answers garbage shell input with 5422 when an ack is given, and keeps the shell working", async () => {
    const url = await startAntimony({ limits: { maxStringBytes: 64 } });
    const { shellId } = await openShell(url, "alice", "lab-alpha", "router1");
    const { socket } = await subscribe("alice", url, shellNamespace(shellId));
    const quiet = silence(socket, "data");
    for (const keys of [42, { a: 1 }, null, "z".repeat(65)]) {
      expect(await emitAck(socket, "data", keys)).toMatchObject({ code: errorCodes.invalidRequest });
    }
    socket.emit("data", ["no ack"]);
    await quiet;
    const echo = next(socket, "data");
    socket.emit("data", "ok");
    expect(await echo).toEqual(["ok"]);
  });

  it("keeps serving an honest client while another sends garbage", async () => {
    const url = await startAntimony();
    const honest = await as("bob", url, "/lab-commands");
    const hostile = await as("alice", url, "/lab-commands");
    const junk = garbage.map(([, request]) => command(hostile, request));
    hostile.emit("data");
    hostile.emit("data", { labId: { $gt: "" }, command: labCommands.deploy }, "extra", () => undefined);
    expect(await command(honest, { labId: "lab-beta", command: labCommands.deploy })).toEqual({ payload: null });
    await Promise.all(junk);
    expect(honest.connected && hostile.connected).toBe(true);
  });
});

describe("antimony lab command parsing", () => {
  it("answers any JSON value with a request or a documented error code, never a throw", () => {
    const documented: number[] = [errorCodes.invalidRequest, errorCodes.generic];
    fc.assert(
      fc.property(
        fc.oneof(fc.jsonValue(), fc.json(), fc.record({ labId: fc.string(), command: fc.integer() })),
        (raw) => {
          const parsed = parseLabCommand(raw, 1_024);
          if ("code" in parsed) expect(documented).toContain(parsed.code);
          else expect(isLabCommand(parsed.command)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});
