import { afterEach } from "vitest";
import WebSocket from "ws";
import { Connection, type ConnectionOptions, type OpenWebSocket } from "../../../scenarios/k6/lib/socketio.js";
import { REPLY_TIMEOUT_MS } from "../../support/client.js";

/** `ws` as the WebSocket the framing module drives: the Node counterpart of the k6 adapter in the scripts. */
export const openNodeWebSocket: OpenWebSocket = (url, events) => {
  const ws = new WebSocket(url);
  ws.on("message", (data, isBinary) => events.message(isBinary ? data : data.toString()));
  ws.on("close", events.close);
  // A refused or reset socket also emits close, which is what the connection acts on.
  ws.on("error", () => {});
  return ws;
};

const nodeTimers = {
  setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
  clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

const open = new Set<Connection>();

afterEach(() => {
  for (const c of open) c.close();
  open.clear();
});

/** A framing-module connection over `ws`, closed after the test. */
export function nodeConnection(url: string, opts: Partial<ConnectionOptions> = {}): Connection {
  const conn = new Connection({ url, openWebSocket: openNodeWebSocket, timers: nodeTimers, ...opts });
  open.add(conn);
  return conn;
}

interface Emitter {
  on(event: string, fn: (...args: unknown[]) => void): unknown;
}

/** The arguments of the next `event` on a framing-module Connection or Namespace, or a failure after `ms`. */
export function nextEvent(target: Emitter, event: string, ms = REPLY_TIMEOUT_MS): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      reject(new Error(`no "${event}" within ${ms} ms`));
    }, ms);
    target.on(event, (...args) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(args);
    });
  });
}

/**
 * The first argument of the next `count` `event`s, collected by one listener: awaiting `nextEvent` in a loop would
 * miss events that `ws` delivers in the same tick (several frames in one TCP read).
 */
export function collect(target: Emitter, event: string, count: number, ms = REPLY_TIMEOUT_MS): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const seen: unknown[] = [];
    const timer = setTimeout(() => reject(new Error(`${seen.length} of ${count} "${event}" within ${ms} ms`)), ms);
    target.on(event, (first) => {
      if (seen.length === count) return;
      seen.push(first);
      if (seen.length === count) {
        clearTimeout(timer);
        resolve(seen);
      }
    });
  });
}
