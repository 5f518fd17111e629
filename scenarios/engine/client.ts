import { io } from "socket.io-client";
import ioV2 from "socket.io-client-v2";
import { AckDeadlines } from "./ack-deadlines.js";
import { oneLineCause } from "./reply-fields.js";

/** How a virtual user reaches the server: the Socket.IO generation decides the client library. */
export interface ConnectSpec {
  readonly url: string;
  readonly namespace: string;
  readonly clientVersion: 2 | 4;
  readonly auth?: Record<string, unknown> | undefined;
  readonly query?: Record<string, string> | undefined;
  readonly headers?: Record<string, string> | undefined;
  readonly timeoutMs: number;
  readonly tls?: TlsOptions | undefined;
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

/**
 * A refused or failed connection: `code` is the server's code (or the client's short message: `websocket error`,
 * `timeout`), `cause` the one line the report counts it under (`code: message`, or the transport's own error).
 */
export type Connection =
  | { ok: true; socket: VolleySocket }
  | { ok: false; code: string; message: string; cause: string };

/** TLS options handed to both client generations (their engine.io-client passes them to `ws` and node:https). */
export interface TlsOptions {
  readonly ca?: string;
  readonly rejectUnauthorized?: boolean;
}

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

/**
 * The ack callbacks a socket.io-client socket keeps by packet id, and the id its next acked emit gets: the same
 * fields in 2.x (lib/socket.js) and 4.x (lib/socket.ts). The engine times acks out itself (`AckDeadlines`), so a
 * timed-out ack's callback is removed here, as the 4.x client's own per-emit timer does; a late reply is then dropped
 * by the client ("bad ack").
 */
interface AckTable {
  readonly ids: number;
  readonly acks: Record<number, unknown>;
}

/** The part of a 2.x or 4.x client socket an acked emit uses. */
interface AckingSocket {
  readonly connected: boolean;
  emit(event: string, ...args: unknown[]): unknown;
}

/**
 * One acked emit, settled exactly once: the reply, the deadline (`AckTimeout`) or the end of the connection
 * (`Disconnected`). Without reconnection a disconnected socket would buffer the emit forever; it fails at once.
 */
function emitAck(
  socket: AckingSocket,
  deadlines: AckDeadlines,
  event: string,
  args: unknown[],
  timeoutMs: number,
  cb: AckCallback,
): void {
  if (!socket.connected) {
    cb(new Disconnected("not connected"), []);
    return;
  }
  const table = socket as unknown as AckTable;
  const id = table.ids;
  const pending = deadlines.track(
    timeoutMs,
    () => {
      // Only a clean-up (settle() already ignores a late reply): a client whose private fields differ keeps the
      // callback, it does not crash the run. test/scenarios/engine/ack-table.test.ts fails on such an upgrade.
      if (typeof id === "number" && typeof table.acks === "object") delete table.acks[id];
      cb(new AckTimeout("operation has timed out"), []);
    },
    (reason) => cb(new Disconnected(reason), []),
  );
  socket.emit(event, ...args, (...reply: unknown[]) => {
    if (deadlines.settle(pending)) cb(null, reply);
  });
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

function refusal(err: unknown): { code: string; message: string; cause: string } {
  const data = (err as { data?: { code?: unknown } } | undefined)?.data;
  const message = err instanceof Error ? err.message : String(err);
  if (data !== undefined && data !== null && (typeof data.code === "string" || typeof data.code === "number")) {
    const code = String(data.code);
    return { code, message, cause: oneLineCause(message === code ? code : `${code}: ${message}`) };
  }
  const code = message.length <= 40 ? message : "connect_error";
  // A transport failure's own error (ECONNREFUSED, a TLS verification code) is what the person at the terminal needs.
  const detail = (err as { description?: unknown } | undefined)?.description;
  const why = detail instanceof Error ? detail.message : typeof detail === "string" ? detail : undefined;
  return { code, message, cause: oneLineCause(why === undefined || why === "" ? message : `${code}: ${why}`) };
}

function openV4(spec: ConnectSpec): Promise<Connection> {
  const socket = io(spec.url + (spec.namespace === "/" ? "" : spec.namespace), {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    timeout: spec.timeoutMs,
    ...spec.tls,
    auth: spec.auth ?? {},
    query: spec.query ?? {},
    extraHeaders: spec.headers ?? {},
  });
  const early = new EarlyEvents();
  socket.onAny((event: string, ...args: unknown[]) => socket.listeners(event).length === 0 && early.keep(event, args));
  let closing = false;
  const deadlines = new AckDeadlines();
  // Acks still pending when the connection ends (or `close()` ends it) fail at once as `Disconnected`.
  socket.on("disconnect", (reason: string) => deadlines.dropAll(reason));
  const wrapped: VolleySocket = {
    emit: (event, args) => socket.emit(event, ...args),
    emitAck: (event, args, timeoutMs, cb) => emitAck(socket, deadlines, event, args, timeoutMs, cb),
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
      resolve({ ok: false, ...refusal(err) });
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
    ...spec.tls,
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
  const deadlines = new AckDeadlines();
  // The 2.x client keeps acks pending at disconnect forever: they fail at once as `Disconnected` instead.
  socket.on("disconnect", (reason: unknown) => deadlines.dropAll(String(reason)));
  const wrapped: VolleySocket = {
    emit: (event, args) => socket.emit(event, ...args),
    // The 2.x client has no ack timeout: the deadline races the reply, as it does for 4.x.
    emitAck: (event, args, timeoutMs, cb) => emitAck(socket, deadlines, event, args, timeoutMs, cb),
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
      resolve({ ok: false, ...refusal(typeof err === "string" ? new Error(err) : err) });
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
