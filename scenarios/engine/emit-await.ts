import { performance } from "node:perf_hooks";
import type { VolleySocket } from "./client.js";
import type { Measurements } from "./measurements.js";
import { payloadText } from "./reply-fields.js";

/** One emit waiting for its reply event. */
interface Waiter {
  readonly match: string | undefined;
  readonly settle: (first: unknown) => void;
}

/**
 * Replies in flight per socket and event name. One listener per name serves every request waiting on it, so a
 * shell typing 50 keys a second has one `data` listener, not 50. A NestMTX requestId is a fresh event name per
 * request: its listener stays (the engine's socket has no `off`), a closure per request for a bounded run.
 */
const waiting = new WeakMap<VolleySocket, Map<string, Waiter[]>>();

function waitersOf(socket: VolleySocket, event: string): Waiter[] {
  let byEvent = waiting.get(socket);
  if (byEvent === undefined) {
    byEvent = new Map();
    waiting.set(socket, byEvent);
  }
  let list = byEvent.get(event);
  if (list === undefined) {
    const waiters: Waiter[] = [];
    list = waiters;
    byEvent.set(event, waiters);
    socket.on(event, (first: unknown) => {
      // The oldest waiter whose text the reply contains; a reply no one waits for (a prompt, a late echo) is ignored.
      const text = waiters.some((w) => w.match !== undefined) ? payloadText(first) : "";
      const i = waiters.findIndex((w) => w.match === undefined || text.includes(w.match));
      if (i >= 0) waiters.splice(i, 1)[0]?.settle(first);
    });
  }
  return list;
}

export interface AwaitedEmit {
  readonly event: string;
  readonly args: unknown[];
  readonly reply: string;
  readonly match: string | undefined;
  readonly metric: string;
  readonly timeoutMs: number;
  /** An error code for a reply that is not a success (an error field set, a value to capture missing). */
  readonly failure: (first: unknown) => string | undefined;
}

/**
 * Emits and waits for the reply event, latency measured from `intendedAt` (performance.now() ms); settled exactly
 * once: delivered (true), errored (`failure` gives a code) or timed out (`reply_timeout`).
 */
export function emitAwait(
  socket: VolleySocket,
  measurements: Measurements,
  e: AwaitedEmit,
  intendedAt: number,
): Promise<boolean> {
  return new Promise((resolve) => {
    const waiters = waitersOf(socket, e.reply);
    const waiter: Waiter = {
      match: e.match,
      settle: (first) => {
        clearTimeout(timer);
        measurements.waiting(-1);
        const code = e.failure(first);
        if (code === undefined) measurements.delivered(e.metric, (performance.now() - intendedAt) * 1000);
        else measurements.failed(e.metric, "errored", code);
        resolve(code === undefined);
      },
    };
    const timer = setTimeout(() => {
      const i = waiters.indexOf(waiter);
      if (i >= 0) waiters.splice(i, 1);
      measurements.waiting(-1);
      measurements.failed(e.metric, "timedOut", "reply_timeout");
      resolve(false);
    }, e.timeoutMs);
    waiters.push(waiter);
    socket.emit(e.event, e.args);
    measurements.waiting(1);
  });
}
