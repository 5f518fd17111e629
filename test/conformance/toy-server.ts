import { createServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { createRequire } from "node:module";
import { Server } from "socket.io";
import { afterEach } from "vitest";
import type { RunOptions } from "../../conformance/runner/run-suite.js";
import { listenOnLoopback } from "../support/loopback.js";

/** The part of a socket.io 2 or 4 server the toy uses; socket.io-v2 ships no types. */
interface ToySocket {
  handshake: { auth?: Record<string, unknown>; query: Record<string, unknown> };
  on(event: string, fn: (...args: unknown[]) => void): void;
}
interface ToyNamespace {
  on(event: "connection", fn: (socket: ToySocket) => void): void;
  use(fn: (socket: ToySocket, next: (err?: Error) => void) => void): void;
}
interface ToyIo {
  of(name: string): ToyNamespace;
  close(): void;
}

export interface ToyServerSettings {
  readonly version: 2 | 4;
  /** Adds wrongly when a > 5; its counter wraps after 3. */
  readonly faulty?: boolean;
  /** Accepts connections and never answers anything. */
  readonly silent?: boolean;
  /** Serves HTTPS (and WSS) with this certificate and key instead of plain HTTP. */
  readonly tls?: { readonly cert: string; readonly key: string };
}

export const TOY_TOKEN = "toy-token-0123456789";

/** Run options for the toy suites against a toy server: short waits, the toy token, seed 42, 20 runs. */
export const toyRunOptions = (target: string, overrides: Partial<RunOptions> = {}): RunOptions => ({
  api: "command-network",
  target,
  credentials: { token: TOY_TOKEN },
  fixtures: {},
  seed: 42,
  runs: 20,
  timeoutMs: 300,
  silenceMs: 100,
  deadlineMs: 5_000,
  checks: [],
  expectations: { expectedFailures: {} },
  sioVersion: "auto",
  strict: false,
  ...overrides,
});

/** For a test file's top level: a starter of toy servers, each closed after the test that started it; gives its URL. */
export function toyServersPerTest(): (settings: ToyServerSettings) => Promise<string> {
  const started: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((s) => s.close()));
  });
  return async (settings) => {
    const server = await startToyServer(settings);
    started.push(server);
    return server.url;
  };
}

/**
 * A tiny Socket.IO server of either generation for the framework's own tests: `echo` acks its payload, `add` acks
 * a + b, `incr`/`reset` drive a per-connection counter, `hello` acks "hi", `shout` pushes `news` back before its ack; `/greet` emits `welcome` on connection, `/private` wants the token TOY_TOKEN
 * (in `auth` for 4, in the query for 2).
 */
export async function startToyServer(settings: ToyServerSettings): Promise<{ url: string; close(): Promise<void> }> {
  const http = settings.tls === undefined ? createServer() : createHttpsServer(settings.tls);
  const io: ToyIo =
    settings.version === 2
      ? (createRequire(import.meta.url)("socket.io-v2") as (h: typeof http) => ToyIo)(http)
      : (new Server(http) as unknown as ToyIo);
  const serve = (socket: ToySocket) => {
    if (settings.silent) return;
    let count = 0;
    const handle = (event: string, fn: (args: unknown[]) => unknown) =>
      socket.on(event, (...args: unknown[]) => {
        const ack = args.at(-1);
        if (typeof ack === "function") ack(fn(args.slice(0, -1)));
      });
    handle("echo", ([payload]) => payload);
    handle("add", ([p]) => {
      const { a, b } = p as { a: number; b: number };
      return settings.faulty && a > 5 ? a + b + 1 : a + b;
    });
    handle("incr", () => {
      count = settings.faulty && count === 3 ? 1 : count + 1;
      return count;
    });
    handle("reset", () => {
      count = 0;
      return count;
    });
    handle("hello", () => "hi");
    handle("shout", ([payload]) => {
      (socket as unknown as { emit(e: string, p: unknown): void }).emit("news", payload);
      return "sent";
    });
  };
  io.of("/").on("connection", serve);
  const priv = io.of("/private");
  priv.use((socket, next) => {
    const token = settings.version === 2 ? socket.handshake.query.token : socket.handshake.auth?.token;
    next(token === TOY_TOKEN ? undefined : new Error("Unauthorized"));
  });
  priv.on("connection", serve);
  // Greets on connection: the event can arrive in the same tick as the connection itself.
  io.of("/greet").on("connection", (socket) =>
    (socket as unknown as { emit(e: string, p: unknown): void }).emit("welcome", 1),
  );
  const served = await listenOnLoopback(http, io);
  return settings.tls === undefined ? served : { ...served, url: served.url.replace(/^http:/, "https:") };
}
