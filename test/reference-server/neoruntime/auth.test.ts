import { describe, expect, it } from "vitest";
import { scriptListSchema } from "../../../protocols/neoruntime/index.js";
import { connectV2, next, REPLY_TIMEOUT_MS, silence } from "../../support/client.js";
import { ADMIN, connectNeo, expectNoAck, login, rawAck, sha256Hex, startNeoruntime, untyped } from "./session.js";

describe("neoruntime authentication (neoruntime.md § Connect)", () => {
  it("runs the document's two client snippets as written and is then authenticated", async () => {
    const url = await startNeoruntime();
    const Socket = await connectNeo(url);
    const cookies = new Map<string, unknown>();
    const setCookie = (name: string, value: unknown, _days: number) => cookies.set(name, value);
    const getCookie = (name: string) => cookies.get(name) as string;

    // Step 1, as in the document (CryptoJS.SHA256(...).toString() is node:crypto's SHA-256 hex here).
    const passwordHash = sha256Hex(ADMIN.password);
    await new Promise<void>((resolve) => {
      Socket.emit("authenticate", ADMIN.username, passwordHash, (token) => {
        // Token will be a string if username/password combo is right, if not, it is false.
        setCookie("session_token", token, 500);
        resolve();
      });
    });
    expect(getCookie("session_token")).toMatch(/^[0-9a-f]{64}$/);

    // Step 2, as in the document.
    const cookieToken = getCookie("session_token");
    const res = await new Promise<boolean>((resolve) => {
      Socket.emit("authenticateToken", cookieToken, (res) => resolve(res));
    });
    expect(res).toBe(true);
    // "We are now authenticated, and all actions and events are available to the client."
    const status = await Socket.timeout(REPLY_TIMEOUT_MS).emitWithAck("NeoRuntime/status");
    expect(status).toMatchObject({ currentScript: "None", scriptIsExited: false });
  });

  it("acks false for a wrong password, an unknown user and a hash that is not SHA-256 hex", async () => {
    const url = await startNeoruntime();
    const socket = await connectNeo(url);
    const ask = (user: string, hash: string) =>
      socket.timeout(REPLY_TIMEOUT_MS).emitWithAck("authenticate", user, hash);
    expect(await ask(ADMIN.username, sha256Hex("wrong"))).toBe(false);
    expect(await ask("nobody", sha256Hex(ADMIN.password))).toBe(false);
    expect(await ask(ADMIN.username, ADMIN.password)).toBe(false);
  });

  it("accepts the hash in upper case too (D6)", async () => {
    const url = await startNeoruntime();
    const socket = await connectNeo(url);
    const token = await socket
      .timeout(REPLY_TIMEOUT_MS)
      .emitWithAck("authenticate", ADMIN.username, sha256Hex(ADMIN.password).toUpperCase());
    expect(typeof token).toBe("string");
  });

  it("acks false for an unknown token, and the socket stays unauthenticated", async () => {
    const url = await startNeoruntime();
    const socket = await connectNeo(url);
    expect(await socket.timeout(REPLY_TIMEOUT_MS).emitWithAck("authenticateToken", "f".repeat(64))).toBe(false);
    await expectNoAck(socket, "NeoRuntime/status");
  });

  it("does not authenticate a socket by authenticate alone (D3)", async () => {
    const url = await startNeoruntime();
    const socket = await connectNeo(url);
    await socket.timeout(REPLY_TIMEOUT_MS).emitWithAck("authenticate", ADMIN.username, sha256Hex(ADMIN.password));
    await expectNoAck(socket, "NeoRuntime/Scripts/get");
  });

  it("accepts a token on a later connection, as the document's cookie does (D4)", async () => {
    const url = await startNeoruntime();
    const { token } = await login(url);
    const later = await connectNeo(url);
    expect(await later.timeout(REPLY_TIMEOUT_MS).emitWithAck("authenticateToken", token)).toBe(true);
    expect(await later.timeout(REPLY_TIMEOUT_MS).emitWithAck("NeoRuntime/Scripts/get")).toHaveProperty("local");
  });

  it("never answers an unauthenticated socket's actions and lets them change nothing (D5)", async () => {
    const url = await startNeoruntime();
    const stranger = await connectNeo(url);
    await Promise.all([
      expectNoAck(stranger, "NeoRuntime/status"),
      expectNoAck(stranger, "NeoRuntime/Scripts/get"),
      expectNoAck(stranger, "NeoRuntime/Script/Create", "local/intruder"),
      expectNoAck(stranger, "NeoRuntime/Script/Delete", "local/example"),
      expectNoAck(stranger, "NeoRuntime/Script/Select", "local/example"),
    ]);
    const { socket } = await login(url);
    const scripts = scriptListSchema.parse(await rawAck(socket, "NeoRuntime/Scripts/get"));
    expect(scripts.local.map((s) => s.path)).toEqual(["local/example", "local/countdown"]);
    expect((await socket.timeout(REPLY_TIMEOUT_MS).emitWithAck("NeoRuntime/status")).currentScript).toBe("None");
  });

  it("sends an unauthenticated socket no events even when it asks to join them (D5)", async () => {
    const url = await startNeoruntime({ options: { simulation: { scriptOutputPerSecond: 50 } } });
    const stranger = await connectNeo(url);
    await Promise.all([
      expectNoAck(stranger, "NeoRuntime/status::join"),
      expectNoAck(stranger, "NeoRuntime/Script/output::join"),
    ]);
    const { socket } = await login(url);
    await socket.timeout(REPLY_TIMEOUT_MS).emitWithAck("NeoRuntime/Script/output::join");
    await socket.timeout(REPLY_TIMEOUT_MS).emitWithAck("NeoRuntime/Script/Select", "local/example");
    await next(untyped(socket), "NeoRuntime/Script/output");
    await Promise.all([
      silence(untyped(stranger), "NeoRuntime/Script/output"),
      silence(untyped(stranger), "NeoRuntime/status"),
    ]);
  });

  it("sends a token only to the socket that asked for it (D18)", async () => {
    const url = await startNeoruntime();
    const { socket: bystander } = await login(url);
    await Promise.all(
      ["NeoRuntime/status", "NeoRuntime/Scripts", "NeoRuntime/Script/output"].map((e) =>
        rawAck(bystander, `${e}::join`),
      ),
    );
    const heard: unknown[] = [];
    untyped(bystander).onAny((...args: unknown[]) => heard.push(args));
    const { socket, token } = await login(url, { username: "guest", password: "guest" });
    await rawAck(socket, "NeoRuntime/status");
    await silence(untyped(bystander), "NeoRuntime/status", 200);
    expect(JSON.stringify(heard)).not.toContain(token);
    expect(heard).toEqual([]);
  });

  it("serves a Socket.IO 2.x client through login, an action and an event", async () => {
    const url = await startNeoruntime();
    const old = await connectV2(url);
    const ack = (event: string, ...args: unknown[]) =>
      new Promise<unknown>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ack for ${event}`)), REPLY_TIMEOUT_MS);
        old.emit(event, ...args, (value: unknown) => {
          clearTimeout(timer);
          resolve(value);
        });
      });
    const token = await ack("authenticate", ADMIN.username, sha256Hex(ADMIN.password));
    expect(await ack("authenticateToken", token)).toBe(true);
    expect(await ack("NeoRuntime/Scripts/get")).toMatchObject({ remote: [{ path: "remote/rainbow" }] });
    old.emit("NeoRuntime/status::join");
    const pushed = next(old, "NeoRuntime/status");
    expect(await ack("NeoRuntime/Script/Select", "local/example")).toEqual({ res: true });
    expect((await pushed)[0]).toMatchObject({ currentScript: "local/example", scriptIsExited: false });
  });
});
