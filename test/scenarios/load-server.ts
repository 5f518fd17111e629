import { createServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { afterEach } from "vitest";

/** A small server with known behaviour for the load engine's tests, in the Socket.IO generation asked for. */
export interface LoadServerBehaviour {
  readonly generation?: 2 | 4;
  /** Every `echo` ack is sent this long after the event arrives. */
  readonly delayMs?: number;
  /** The n-th `echo` (from 1) whose n is a multiple of this gets no ack, and stream line n is never sent. */
  readonly dropEvery?: number;
  /** Every n-th `broadcast` (from 1) whose n is a multiple of this misses one receiver (the first connected). */
  readonly missReceiverEvery?: number;
  /** From this long after the first echo, for `stallMs`, replies are held back as a stalled server would. */
  readonly stallAfterMs?: number;
  readonly stallMs?: number;
}

interface MinimalSocket {
  on(event: string, fn: (...args: unknown[]) => void): void;
  emit(event: string, ...args: unknown[]): void;
}
interface MinimalServer {
  on(event: "connection", fn: (socket: MinimalSocket) => void): void;
  close(): void;
}

const require = createRequire(import.meta.url);
const running = new Set<() => void>();
afterEach(() => {
  for (const close of running) close();
  running.clear();
});

export interface LoadServer {
  readonly url: string;
  /** `echo` events received. */
  readonly received: () => number;
}

export async function startLoadServer(b: LoadServerBehaviour = {}): Promise<LoadServer> {
  const http = createServer();
  const io: MinimalServer =
    b.generation === 2
      ? (require("socket.io-v2") as (h: typeof http) => MinimalServer)(http)
      : (new Server(http) as unknown as MinimalServer);
  let received = 0;
  let firstAt: number | undefined;
  const sockets: MinimalSocket[] = [];
  let broadcasts = 0;
  io.on("connection", (socket) => {
    sockets.push(socket);
    // Sent with the handshake, as Antimony's `backlog` is: a client that listens only after connecting misses it.
    socket.emit("welcome", { sockets: sockets.length });
    // `broadcast data`: `broadcasted data` to every other socket, then an ack.
    socket.on("broadcast", (...args: unknown[]) => {
      const ack = args.pop() as () => void;
      broadcasts += 1;
      const receivers = sockets.filter((s) => s !== socket);
      const miss = b.missReceiverEvery !== undefined && broadcasts % b.missReceiverEvery === 0;
      for (const r of miss ? receivers.slice(1) : receivers) r.emit("broadcasted", args[0]);
      ack();
    });
    socket.on("echo", (...args: unknown[]) => {
      const ack = args.pop();
      const data = args[0];
      received += 1;
      const now = Date.now();
      firstAt ??= now;
      if (b.dropEvery !== undefined && received % b.dropEvery === 0) return;
      let wait = b.delayMs ?? 0;
      if (b.stallAfterMs !== undefined && b.stallMs !== undefined) {
        const stallEnd = firstAt + b.stallAfterMs + b.stallMs;
        if (now >= firstAt + b.stallAfterMs && now < stallEnd) wait = Math.max(wait, stallEnd - now);
      }
      const reply = () => (ack as (d: unknown) => void)(data);
      if (wait === 0) reply();
      else setTimeout(reply, wait);
    });
    // `stream {count, rate}`: lines {seq, sentAt} at `rate` per second, every `dropEvery`-th left out, then `end`.
    socket.on("stream", (req: unknown) => {
      const { count, rate } = req as { count: number; rate: number };
      let seq = 0;
      const timer = setInterval(() => {
        seq += 1;
        if (seq > count) {
          clearInterval(timer);
          return socket.emit("end");
        }
        if (b.dropEvery === undefined || seq % b.dropEvery !== 0) socket.emit("line", { seq, sentAt: Date.now() });
      }, 1000 / rate);
      running.add(() => clearInterval(timer));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  running.add(() => {
    io.close();
    http.close();
  });
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, received: () => received };
}
