import { describe, expect, it } from "vitest";
import { neoruntimeErrors, runtimeStatusSchema } from "../../../protocols/neoruntime/index.js";
import { connect, next, REPLY_TIMEOUT_MS } from "../../support/client.js";
import { connectNeo, expectNoAck, login, type NeoSocket, rawAck, startNeoruntime, untyped } from "./session.js";

const FAST = { options: { simulation: { scriptOutputPerSecond: 50 } } };
const huge = "x".repeat(100_000);

/** A logged-in client joined to the script output: it must keep working whatever its neighbour sends. */
async function honestNeighbour(url: string): Promise<NeoSocket> {
  const { socket } = await login(url);
  await rawAck(socket, "NeoRuntime/Script/output::join");
  await rawAck(socket, "NeoRuntime/Script/Select", "local/example");
  return socket;
}

async function stillWorks(honest: NeoSocket): Promise<void> {
  expect(honest.connected).toBe(true);
  await next(untyped(honest), "NeoRuntime/Script/output");
  expect(runtimeStatusSchema.parse(await rawAck(honest, "NeoRuntime/status")).currentScript).toBe("local/example");
}

async function errorCodes(url: string): Promise<string> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text
    .split("\n")
    .filter((l) => l.startsWith("volley_server_errors_total{"))
    .join("\n");
}

describe("neoruntime bad input (DECISIONS.md D6, D7, D8, D9, D20, D21)", () => {
  it("authenticate acks false for every malformed argument list", async () => {
    const url = await startNeoruntime(FAST);
    const honest = await honestNeighbour(url);
    const garbage = await connectNeo(url);
    const cases: [string, unknown[]][] = [
      ["numbers", [1, 2]],
      ["objects", [{ username: "admin" }, { hash: "x" }]],
      ["nothing", []],
      ["a username only", ["admin"]],
      ["a __proto__ object as username", [JSON.parse('{"__proto__": {"admin": true}}'), "a".repeat(64)]],
      ["constructor as username", ["constructor", "a".repeat(64)]],
      ["an oversized username", [huge, "a".repeat(64)]],
      ["an oversized hash", ["admin", huge]],
    ];
    for (const [what, args] of cases) expect(await rawAck(garbage, "authenticate", ...args), what).toBe(false);
    await stillWorks(honest);
  });

  it("authenticateToken acks false for every malformed argument list, and grants nothing", async () => {
    const url = await startNeoruntime(FAST);
    const honest = await honestNeighbour(url);
    const garbage = await connectNeo(url);
    const cases: [string, unknown[]][] = [
      ["a number", [42]],
      ["an object", [{ token: "x" }]],
      ["nothing", []],
      ["__proto__", ["__proto__"]],
      ["constructor", ["constructor"]],
      ["an oversized string", [huge]],
    ];
    for (const [what, args] of cases) expect(await rawAck(garbage, "authenticateToken", ...args), what).toBe(false);
    await expectNoAck(garbage, "NeoRuntime/status");
    await stillWorks(honest);
  });

  it.each(["NeoRuntime/Script/Create", "NeoRuntime/Script/Delete", "NeoRuntime/Script/Select"])(
    "%s answers invalid_arguments and invalid_path, never a throw",
    async (event) => {
      const url = await startNeoruntime(FAST);
      const honest = await honestNeighbour(url);
      const { socket } = await login(url);
      const invalidArguments = { res: false, resMsg: neoruntimeErrors.invalidArguments };
      const invalidPath = { res: false, resMsg: neoruntimeErrors.invalidPath };
      for (const arg of [42, null, { scriptPath: "local/x" }, ["local/x"], true, Buffer.from("local/x")]) {
        expect(await rawAck(socket, event, arg)).toEqual(invalidArguments);
      }
      expect(await rawAck(socket, event)).toEqual(invalidArguments);
      for (const arg of ["", "example", "local/", "local/../etc", "local/a/b", "builtin/x", "__proto__", huge]) {
        expect(await rawAck(socket, event, arg)).toEqual(invalidPath);
      }
      await stillWorks(honest);
      const codes = await errorCodes(url);
      expect(codes).toContain('code="invalid_path"');
      expect(codes).not.toContain('code="internal"');
    },
  );

  it("keeps __proto__ and constructor as ordinary script names", async () => {
    const { socket } = await login(await startNeoruntime());
    expect(await rawAck(socket, "NeoRuntime/Script/Delete", "local/__proto__")).toEqual({
      res: false,
      resMsg: neoruntimeErrors.notFound,
    });
    expect(await rawAck(socket, "NeoRuntime/Script/Create", "local/constructor")).toEqual({ res: true });
    expect(await rawAck(socket, "NeoRuntime/Script/Select", "local/constructor")).toEqual({ res: true });
  });

  it("still acts on Create, Delete and Select sent without a callback, and never answers them (D7)", async () => {
    const url = await startNeoruntime();
    const { socket } = await login(url);
    untyped(socket).emit("NeoRuntime/Script/Create", "local/quiet");
    untyped(socket).emit("NeoRuntime/Script/Select", "local/quiet");
    untyped(socket).emit("NeoRuntime/status");
    untyped(socket).emit("NeoRuntime/Scripts/get");
    untyped(socket).emit("authenticate", "admin");
    expect(runtimeStatusSchema.parse(await rawAck(socket, "NeoRuntime/status")).currentScript).toBe("local/quiet");
    untyped(socket).emit("NeoRuntime/Script/Delete", "local/quiet");
    expect(runtimeStatusSchema.parse(await rawAck(socket, "NeoRuntime/status")).currentScript).toBe("None");
  });

  it("ignores arguments to status, Scripts/get, ::join and ::leave and answers as usual", async () => {
    const { socket } = await login(await startNeoruntime());
    expect(await rawAck(socket, "NeoRuntime/status", { __proto__: 1 }, huge)).toHaveProperty("uptime");
    expect(await rawAck(socket, "NeoRuntime/Scripts/get", 1, null)).toHaveProperty("remote");
    expect(await rawAck(socket, "NeoRuntime/status::join", 1, { a: 2 })).toEqual({ res: true });
    expect(await rawAck(socket, "NeoRuntime/status::leave", "x")).toEqual({ res: true });
  });

  it("leaves unknown events unanswered and the connection open (D21)", async () => {
    const url = await startNeoruntime(FAST);
    const honest = await honestNeighbour(url);
    const { socket } = await login(url);
    await Promise.all([
      expectNoAck(socket, "nope"),
      expectNoAck(socket, "NeoRuntime/Secrets::join"),
      expectNoAck(socket, "neoruntime/status"),
      expectNoAck(socket, "__proto__"),
    ]);
    expect(socket.connected).toBe(true);
    expect(await rawAck(socket, "NeoRuntime/status")).toHaveProperty("currentScript");
    await stillWorks(honest);
  });

  it("closes only the sender of a message over the payload limit (D20)", async () => {
    const url = await startNeoruntime({ options: { ...FAST.options, limits: { maxPayloadBytes: 10_000 } } });
    const honest = await honestNeighbour(url);
    const sender = await connect(url);
    const closed = next(sender, "disconnect");
    sender.emit("authenticate", "x".repeat(20_000), "y", () => {});
    await closed;
    await stillWorks(honest);
  });

  it("counts every refused login in volley_server_errors_total", async () => {
    const url = await startNeoruntime();
    const socket = await connectNeo(url);
    await socket.timeout(REPLY_TIMEOUT_MS).emitWithAck("authenticate", "admin", "0".repeat(64));
    await socket.timeout(REPLY_TIMEOUT_MS).emitWithAck("authenticateToken", "nope");
    const codes = await errorCodes(url);
    expect(codes).toMatch(/code="bad_credentials"} 1/);
    expect(codes).toMatch(/code="bad_token"} 1/);
  });
});
