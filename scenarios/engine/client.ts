import { io } from "socket.io-client";
import ioV2 from "socket.io-client-v2";

/** How a virtual user reaches the server: the Socket.IO generation decides the client library. */
export interface ConnectSpec {
  readonly url: string;
  readonly namespace: string;
  readonly clientVersion: 2 | 4;
  readonly auth?: Record<string, unknown> | undefined;
  readonly query?: Record<string, string> | undefined;
  readonly headers?: Record<string, string> | undefined;
  readonly timeoutMs: number;
}

export type AckCallback = (err: Error | null, reply: unknown[]) => void;

/** The part of a socket the engine uses, the same for 2.x and 4.x clients. */
export interface VolleySocket {
  emit(event: string, args: unknown[]): void;
  /** Emits with an ack; `cb` runs exactly once: with the reply, or with an error after `timeoutMs`. */
  emitAck(event: string, args: unknown[], timeoutMs: number, cb: AckCallback): void;
  on(event: string, fn: (...args: unknown[]) => void): void;
  /** Runs once if the connection ends without `close()`: the server or the network went away (`reason`). */
  onDrop(fn: (reason: string) => void): void;
  close(): void;
}

export type Connection = { ok: true; socket: VolleySocket } | { ok: false; code: string; message: string };

/**
 * Events that arrive before the flow listens for them: a server that emits on connection (Antimony's `backlog`,
 * NestMTX's log replay) sends in the same frames as the handshake, and they are dispatched before the code awaiting
 * the connection resumes. They are kept (up to a bound) and replayed to the first listener of their name.
 */
class EarlyEvents {
  private readonly kept = new Map<string, unknown[][]>();
  private count = 0;

  keep(event: string, args: unknown[]): void {
    if (this.count >= 10_000) return;
    this.count += 1;
    const list = this.kept.get(event) ?? [];
    list.push(args);
    this.kept.set(event, list);
  }

  take(event: string): unknown[][] {
    const list = this.kept.get(event) ?? [];
    this.kept.delete(event);
    return list;
  }
}

export class AckTimeout extends Error {
  readonly code = "ack_timeout";
}

/**
 * An acked emit that could not be sent or answered because the connection was gone. Counted as `errored` (code
 * `disconnected`) at once, not left to time out: the harness knows the message is lost, and says why.
 */
export class Disconnected extends Error {
  readonly code = "disconnected";
}

/** Connects one socket; a refusal or timeout is a value (its code is what the server said), never a throw. */
export function openSocket(spec: ConnectSpec): Promise<Connection> {
  return spec.clientVersion === 2 ? openV2(spec) : openV4(spec);
}

function refusalCode(err: unknown): { code: string; message: string } {
  const data = (err as { data?: { code?: unknown } } | undefined)?.data;
  const message = err instanceof Error ? err.message : String(err);
  if (data !== undefined && data !== null && (typeof data.code === "string" || typeof data.code === "number")) {
    return { code: String(data.code), message };
  }
  return { code: message.length <= 40 ? message : "connect_error", message };
}

function openV4(spec: ConnectSpec): Promise<Connection> {
  const socket = io(spec.url + (spec.namespace === "/" ? "" : spec.namespace), {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    timeout: spec.timeoutMs,
    auth: spec.auth ?? {},
    query: spec.query ?? {},
    extraHeaders: spec.headers ?? {},
  });
  const early = new EarlyEvents();
  socket.onAny((event: string, ...args: unknown[]) => socket.listeners(event).length === 0 && early.keep(event, args));
  let closing = false;
  const wrapped: VolleySocket = {
    emit: (event, args) => socket.emit(event, ...args),
    // Without reconnection a disconnected v4 socket would buffer the emit forever; fail it now instead. An ack
    // still pending at disconnect is failed by socket.io-client with "socket has been disconnected".
    emitAck: (event, args, timeoutMs, cb) => {
      if (!socket.connected) return cb(new Disconnected("not connected"), []);
      socket.timeout(timeoutMs).emit(event, ...args, (err: Error | null, ...reply: unknown[]) => {
        if (err === null) cb(null, reply);
        else cb(socket.connected ? new AckTimeout(err.message) : new Disconnected(err.message), reply);
      });
    },
    on: (event, fn) => {
      socket.on(event, fn);
      for (const args of early.take(event)) fn(...args);
    },
    onDrop: (fn) =>
      socket.once("disconnect", (reason: string) => {
        if (!closing) fn(reason);
      }),
    close: () => {
      closing = true;
      socket.close();
    },
  };
  return new Promise((resolve) => {
    socket.once("connect", () => resolve({ ok: true, socket: wrapped }));
    socket.once("connect_error", (err) => {
      socket.close();
      resolve({ ok: false, ...refusalCode(err) });
    });
  });
}

function openV2(spec: ConnectSpec): Promise<Connection> {
  // Socket.IO 2 has no auth object in the handshake: old servers read credentials from the query.
  const query: Record<string, string> = { ...spec.query };
  for (const [k, v] of Object.entries(spec.auth ?? {})) query[k] = typeof v === "string" ? v : JSON.stringify(v);
  const socket = ioV2(spec.url + (spec.namespace === "/" ? "" : spec.namespace), {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    timeout: spec.timeoutMs,
    query,
    extraHeaders: spec.headers ?? {},
  });
  // The 2.x client has no onAny: its packet handler `onevent` is wrapped instead (socket.io-client 2 lib/socket.js).
  const early = new EarlyEvents();
  const internals = socket as unknown as {
    onevent(packet: { data: unknown[] }): void;
    listeners(e: string): unknown[];
  };
  const onevent = internals.onevent.bind(socket);
  internals.onevent = (packet) => {
    const [event, ...args] = packet.data;
    if (typeof event === "string" && internals.listeners(event).length === 0) early.keep(event, args);
    onevent(packet);
  };
  let closing = false;
  const pendingAcks = new Set<(reason: string) => void>();
  socket.on("disconnect", (reason: unknown) => {
    for (const fail of pendingAcks) fail(String(reason));
  });
  const wrapped: VolleySocket = {
    emit: (event, args) => socket.emit(event, ...args),
    // The 2.x client has no ack timeout: a timer races the reply and whichever comes first settles it. Acks pending
    // at disconnect, and emits on a dead connection, fail at once as `Disconnected` (the 2.x client keeps them).
    emitAck: (event, args, timeoutMs, cb) => {
      if (!socket.connected) return cb(new Disconnected("not connected"), []);
      let settled = false;
      const fail = (reason: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        pendingAcks.delete(fail);
        cb(new Disconnected(reason), []);
      };
      pendingAcks.add(fail);
      const timer = setTimeout(() => {
        settled = true;
        pendingAcks.delete(fail);
        cb(new AckTimeout("operation has timed out"), []);
      }, timeoutMs);
      socket.emit(event, ...args, (...reply: unknown[]) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        pendingAcks.delete(fail);
        cb(null, reply);
      });
    },
    on: (event, fn) => {
      socket.on(event, fn);
      for (const args of early.take(event)) fn(...args);
    },
    onDrop: (fn) =>
      socket.once("disconnect", (reason: unknown) => {
        if (!closing) fn(String(reason));
      }),
    close: () => {
      closing = true;
      socket.close();
    },
  };
  return new Promise((resolve) => {
    let done = false;
    const fail = (err: unknown) => {
      if (done) return;
      done = true;
      socket.close();
      resolve({ ok: false, ...refusalCode(typeof err === "string" ? new Error(err) : err) });
    };
    socket.once("connect", () => {
      done = true;
      resolve({ ok: true, socket: wrapped });
    });
    socket.once("error", fail);
    socket.once("connect_error", fail);
    socket.once("connect_timeout", () => fail(new Error("connect_timeout")));
  });
}
