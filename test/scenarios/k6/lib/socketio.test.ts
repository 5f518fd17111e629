import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server, type ServerOptions } from "socket.io";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { type AckOutcome, decodeFrame, encodePacket, PacketType } from "../../../../scenarios/k6/lib/socketio.js";
import { REPLY_TIMEOUT_MS } from "../../../support/client.js";
import { nextEvent, nodeConnection } from "../node-websocket.js";

const servers = new Set<Server>();

afterEach(async () => {
  await Promise.all([...servers].map((io) => io.close()));
  servers.clear();
});

/** A plain socket.io 4 server on a free loopback port: the framing is checked against the library itself first. */
async function plainServer(opts: Partial<ServerOptions> = {}): Promise<{ io: Server; url: string }> {
  const http = createServer();
  const io = new Server(http, opts);
  servers.add(io);
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  return { io, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
}

function ack(ns: { emitWithAck: (e: string, a: unknown[], ms: number, done: (o: AckOutcome) => void) => void }) {
  return (event: string, ...args: unknown[]) =>
    new Promise<AckOutcome>((resolve) => ns.emitWithAck(event, args, REPLY_TIMEOUT_MS, resolve));
}

describe("Socket.IO framing", () => {
  it("encodes and decodes an event with a namespace and an ack id the way socket.io-parser does", () => {
    const frame = encodePacket({ type: PacketType.event, nsp: "/logs/a", id: 12, data: ["data", { x: 1 }] });
    expect(frame).toBe('42/logs/a,12["data",{"x":1}]');
    expect(decodeFrame(frame)).toEqual({
      kind: "packet",
      packet: { type: PacketType.event, nsp: "/logs/a", id: 12, data: ["data", { x: 1 }] },
    });
    expect(encodePacket({ type: PacketType.connect, nsp: "/" })).toBe("40");
  });

  it("refuses binary packets and broken JSON as values, not throws", () => {
    expect(decodeFrame('451-["x",{"_placeholder":true,"num":0}]')).toMatchObject({
      kind: "error",
      error: "binary_not_supported",
    });
    expect(decodeFrame("42[oops")).toMatchObject({ kind: "error", error: "bad_json" });
    expect(decodeFrame(new Uint8Array([1]))).toMatchObject({ kind: "error", error: "not_text" });
  });
});

describe("the framing module against a plain socket.io 4 server", () => {
  it("completes the Engine.IO handshake and connects a namespace with its auth payload", async () => {
    const { io, url } = await plainServer();
    const seen = new Promise<unknown>((resolve) => io.of("/room").on("connection", (s) => resolve(s.handshake.auth)));
    const conn = nodeConnection(url);
    const ns = conn.connect("/room", { token: "t0k" });
    const [handshake] = await nextEvent(conn, "open");
    expect(handshake).toMatchObject({ sid: expect.any(String), pingInterval: 25_000 });
    await nextEvent(ns, "connect");
    expect(ns.sid).toEqual(expect.any(String));
    expect(await seen).toEqual({ token: "t0k" });
  });

  it("reports a middleware refusal as connect_error with the server's message", async () => {
    const { io, url } = await plainServer();
    io.of("/private").use((_socket, next) => next(new Error("Unauthorized")));
    const ns = nodeConnection(url).connect("/private", {});
    const [err] = await nextEvent(ns, "connect_error");
    expect(err).toMatchObject({ message: "Unauthorized" });
    expect(ns.connected).toBe(false);
  });

  it("receives events in order on two namespaces multiplexed on one connection", async () => {
    const { io, url } = await plainServer();
    io.of("/a").on("connection", (s) => s.emit("data", "line 1", { n: 1 }));
    io.of("/b").on("connection", (s) => s.emit("backlog", ["x", "y"]));
    const conn = nodeConnection(url);
    const a = conn.connect("/a");
    const b = conn.connect("/b");
    const [[line, obj], [backlog]] = await Promise.all([nextEvent(a, "data"), nextEvent(b, "backlog")]);
    expect([line, obj, backlog]).toEqual(["line 1", { n: 1 }, ["x", "y"]]);
  });

  it("gets the server's ack for an emitted event, and answers a server emitWithAck", async () => {
    const { io, url } = await plainServer();
    const serverGotAck = new Promise<unknown>((resolve) =>
      io.on("connection", (s) => {
        s.on("data", (cmd: unknown, cb: (r: unknown) => void) => cb({ payload: cmd }));
        s.timeout(REPLY_TIMEOUT_MS).emit("question", 41, (err: Error | null, answer: unknown) =>
          resolve(err ?? answer),
        );
      }),
    );
    const ns = nodeConnection(url).connect("/");
    ns.on("question", (n, reply) => (reply as (v: unknown) => void)((n as number) + 1));
    await nextEvent(ns, "connect");
    expect(await ack(ns)("data", { labId: "l1", command: 0 })).toEqual({
      ok: true,
      args: [{ payload: { labId: "l1", command: 0 } }],
    });
    expect(await serverGotAck).toBe(42);
  });

  it("settles an unanswered ack as a timeout", async () => {
    const { io, url } = await plainServer();
    io.on("connection", (s) => s.on("data", () => {}));
    const ns = nodeConnection(url).connect("/");
    await nextEvent(ns, "connect");
    const outcome = await new Promise<AckOutcome>((resolve) => ns.emitWithAck("data", [], 100, resolve));
    expect(outcome).toEqual({ ok: false, reason: "timeout" });
  });

  it("answers the server's pings so the session outlives several ping intervals", async () => {
    const { io, url } = await plainServer({ pingInterval: 50, pingTimeout: 100 });
    const conn = nodeConnection(url);
    const ns = conn.connect("/");
    await nextEvent(ns, "connect");
    for (let i = 0; i < 4; i++) await nextEvent(conn, "ping");
    expect(ns.connected).toBe(true);
    expect(io.engine.clientsCount).toBe(1);
  });

  it("sees a server namespace disconnect and does not reconnect after it", async () => {
    const { io, url } = await plainServer();
    io.on("connection", (s) => s.on("bye", () => s.disconnect()));
    const conn = nodeConnection(url, { reconnect: { attempts: 3, delayMs: 20 } });
    const ns = conn.connect("/");
    await nextEvent(ns, "connect");
    ns.emit("bye");
    expect(await nextEvent(ns, "disconnect")).toEqual(["io server disconnect"]);
    expect(ns.wanted).toBe(false);
  });

  it("reconnects after a transport loss and joins its namespaces again with the same auth", async () => {
    const { io, url } = await plainServer();
    const auths: unknown[] = [];
    io.of("/room").on("connection", (s) => auths.push(s.handshake.auth));
    const conn = nodeConnection(url, { reconnect: { attempts: 3, delayMs: 20 } });
    const ns = conn.connect("/room", { token: "again" });
    await nextEvent(ns, "connect");
    const firstSid = conn.handshake?.sid;
    for (const s of io.of("/room").sockets.values()) s.conn.close();
    expect(await nextEvent(ns, "disconnect")).toEqual(["transport close"]);
    const [attempt] = await nextEvent(conn, "reconnect");
    await nextEvent(ns, "connect");
    expect(attempt).toBe(1);
    expect(conn.handshake?.sid).not.toBe(firstSid);
    expect(auths).toEqual([{ token: "again" }, { token: "again" }]);
  });

  it("gives up with reconnect_failed when the server is gone", async () => {
    const { io, url } = await plainServer();
    const conn = nodeConnection(url, { reconnect: { attempts: 2, delayMs: 20 } });
    const ns = conn.connect("/");
    await nextEvent(ns, "connect");
    await io.close();
    await nextEvent(conn, "reconnect_failed");
    expect(ns.connected).toBe(false);
  });

  it("drops a session whose server stops pinging for pingInterval + pingTimeout, and says so", async () => {
    // A bare Engine.IO peer that completes the handshake and then stays silent: socket.io itself always pings.
    const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    await new Promise<void>((resolve) => wss.once("listening", resolve));
    wss.on("connection", (ws) => {
      ws.send('0{"sid":"s1","upgrades":[],"pingInterval":50,"pingTimeout":50,"maxPayload":1000}');
      ws.on("message", (data) => {
        if (String(data).startsWith("40")) ws.send('40{"sid":"n1"}');
      });
    });
    try {
      const conn = nodeConnection(`http://127.0.0.1:${(wss.address() as AddressInfo).port}`);
      const ns = conn.connect("/");
      await nextEvent(ns, "connect");
      expect(await nextEvent(ns, "disconnect")).toEqual(["ping timeout"]);
    } finally {
      for (const client of wss.clients) client.terminate();
      await new Promise((resolve) => wss.close(resolve));
    }
  });
});
