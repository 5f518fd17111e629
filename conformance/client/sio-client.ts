import type { TlsSettings } from "../../clients/tls.js";
import type { Transcript } from "./transcript.js";

/** How to open one connection: the namespace and whatever the server's middleware reads. */
export interface ConnectRequest {
  readonly namespace: string;
  /** Socket.IO 4 `auth` payload. Socket.IO 2 has none: a 2.x client sends these entries as query parameters. */
  readonly auth?: Readonly<Record<string, unknown>>;
  readonly query?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
}

export type ConnectResult =
  | { readonly ok: true; readonly client: SioClient }
  /** The server's middleware said no (`connect_error` in 4, `error` in 2), with its message and data. */
  | { readonly ok: false; readonly reason: "refused"; readonly message: string; readonly data?: unknown }
  /** No transport (nothing listening, wrong protocol) or no answer before the reply timeout. */
  | { readonly ok: false; readonly reason: "unreachable" | "timeout"; readonly message: string };

/** A reply, an event or an ack; or nothing before the deadline. */
export type Received =
  | { readonly kind: "event"; readonly args: unknown[] }
  | { readonly kind: "timeout"; readonly ms: number };

export type ReceivedOneOf =
  | { readonly kind: "event"; readonly event: string; readonly args: unknown[] }
  | { readonly kind: "timeout"; readonly ms: number };

/** The outcome of watching for something that must NOT arrive. */
export type Silence = { readonly kind: "silent" } | { readonly kind: "event"; readonly args: unknown[] };

/**
 * One connected client of either Socket.IO generation. Received events are buffered from the moment of connection,
 * so an event that arrives between an emit and the following `next()` is never lost. Every method records into the
 * transcript. Nothing here throws on a slow or silent server: waits end with `{kind: "timeout"}`.
 */
export interface SioClient {
  /** `c1`, `c2`, ... in order of connection: how transcripts and replays name clients. */
  readonly name: string;
  readonly namespace: string;
  emit(event: string, ...args: unknown[]): void;
  /** Emits with an ack callback as the last argument and waits for the ack's arguments. */
  emitAck(event: string, args: readonly unknown[], ms?: number): Promise<Received>;
  /** The next not-yet-consumed `event` (including `disconnect`), buffered or still to come. */
  next(event: string, ms?: number): Promise<Received>;
  /** The earliest not-yet-consumed of `events`, and which it was: for servers that answer on one of several events. */
  nextOf(events: readonly string[], ms?: number): Promise<ReceivedOneOf>;
  /** Waits `ms` and reports the first `event` that is already buffered or arrives meanwhile. */
  silence(event: string, ms?: number): Promise<Silence>;
  close(): void;
}

/** What the two generations' sockets have in common, once connected; see v4.ts and v2.ts. */
export interface RawSocket {
  /** Calls `fn(event, args)` for each event the server emits, and for `disconnect`. */
  onIncoming(fn: (event: string, args: unknown[]) => void): void;
  emit(event: string, args: readonly unknown[], ack?: (...args: unknown[]) => void): void;
  close(): void;
}

export interface ClientSettings {
  readonly transcript: Transcript;
  readonly timeoutMs: number;
  readonly silenceMs: number;
  readonly signal: AbortSignal;
  /** How both generations' clients trust an HTTPS/WSS target (`--ca`, `--insecure`). */
  readonly tls?: TlsSettings;
}

interface Waiter {
  readonly events: readonly string[];
  readonly deliver: (arrival: Arrival) => void;
}

interface Arrival {
  readonly event: string;
  readonly args: unknown[];
}

/** The buffering, waiting and recording shared by both generations. */
export function bufferedClient(name: string, namespace: string, raw: RawSocket, settings: ClientSettings): SioClient {
  const { transcript } = settings;
  const buffered: Arrival[] = [];
  const waiters = new Set<Waiter>();
  let closed = false;

  raw.onIncoming((event, args) => {
    if (closed) return;
    transcript.record(
      event === "disconnect"
        ? { client: name, kind: "disconnect", reason: String(args[0]) }
        : { client: name, kind: "receive", event, args },
    );
    for (const w of waiters) {
      if (w.events.includes(event)) {
        waiters.delete(w);
        w.deliver({ event, args });
        return;
      }
    }
    buffered.push({ event, args });
  });

  /** Resolves with the earliest of `events`, or undefined after `ms` or when the run is aborted. */
  const wait = (events: readonly string[], ms: number, consume: boolean): Promise<Arrival | undefined> => {
    const i = buffered.findIndex((b) => events.includes(b.event));
    if (i >= 0) {
      const found = buffered[i];
      if (consume) buffered.splice(i, 1);
      return Promise.resolve(found);
    }
    return new Promise((resolve) => {
      const done = (arrival: Arrival | undefined) => {
        clearTimeout(timer);
        settings.signal.removeEventListener("abort", onAbort);
        waiters.delete(waiter);
        if (arrival !== undefined && !consume) buffered.unshift(arrival);
        resolve(arrival);
      };
      const waiter: Waiter = { events, deliver: done };
      const onAbort = () => done(undefined);
      const timer = setTimeout(() => done(undefined), ms);
      settings.signal.addEventListener("abort", onAbort);
      waiters.add(waiter);
    });
  };

  const nextOf = async (events: readonly string[], ms = settings.timeoutMs): Promise<ReceivedOneOf> => {
    const got = await wait(events, ms, true);
    if (got !== undefined) return { kind: "event", event: got.event, args: got.args };
    transcript.record({ client: name, kind: "timeout", waitingFor: events.join(" or "), ms });
    return { kind: "timeout", ms };
  };

  return {
    name,
    namespace,
    emit(event, ...args) {
      transcript.record({ client: name, kind: "emit", event, args, ack: false });
      raw.emit(event, args);
    },
    emitAck(event, args, ms = settings.timeoutMs) {
      transcript.record({ client: name, kind: "emit", event, args: [...args], ack: true });
      return new Promise((resolve) => {
        const finish = (result: Received) => {
          clearTimeout(timer);
          settings.signal.removeEventListener("abort", onAbort);
          resolve(result);
        };
        const onTimeout = () => {
          transcript.record({ client: name, kind: "timeout", waitingFor: `ack of ${event}`, ms });
          finish({ kind: "timeout", ms });
        };
        const onAbort = () => finish({ kind: "timeout", ms });
        const timer = setTimeout(onTimeout, ms);
        settings.signal.addEventListener("abort", onAbort);
        raw.emit(event, args, (...ackArgs) => {
          transcript.record({ client: name, kind: "ack", event, args: ackArgs });
          finish({ kind: "event", args: ackArgs });
        });
      });
    },
    async next(event, ms = settings.timeoutMs) {
      const got = await nextOf([event], ms);
      return got.kind === "event" ? { kind: "event", args: got.args } : got;
    },
    nextOf,
    async silence(event, ms = settings.silenceMs) {
      const got = await wait([event], ms, false);
      return got === undefined ? { kind: "silent" } : { kind: "event", args: got.args };
    },
    close() {
      if (closed) return;
      closed = true;
      transcript.record({ client: name, kind: "close" });
      raw.close();
    },
  };
}

/** A connected socket of either generation as a RawSocket; both `emit` with the ack, if any, as the last argument. */
export function rawSocket(
  socket: { emit(event: string, ...args: unknown[]): unknown; close(): unknown },
  incoming: ReturnType<typeof earlyBuffer>,
): RawSocket {
  return {
    onIncoming: incoming.drainTo,
    emit(event, args, ack) {
      if (ack === undefined) socket.emit(event, ...args);
      else socket.emit(event, ...args, ack);
    },
    close: () => socket.close(),
  };
}

/**
 * Holds incoming events until a listener is attached, then forwards them in order and everything after: how the
 * raw sockets keep events that arrive in the same tick as the connection.
 */
export function earlyBuffer(): {
  push(event: string, args: unknown[]): void;
  drainTo(fn: (event: string, args: unknown[]) => void): void;
} {
  const held: [string, unknown[]][] = [];
  let sink: ((event: string, args: unknown[]) => void) | undefined;
  return {
    push(event, args) {
      if (sink === undefined) held.push([event, args]);
      else sink(event, args);
    },
    drainTo(fn) {
      sink = fn;
      for (const [event, args] of held.splice(0)) fn(event, args);
    },
  };
}
