import { setTimeout as sleep } from "node:timers/promises";

/** The most an independent server waits before an answer or a delivery. */
const MAX_DELAY_MS = 20;

/**
 * Runs each action 0-20 ms late, one connection's actions in the order they were asked for: the documents say
 * nothing about timing, so a server may be slow, but Socket.IO keeps one connection's packets in order and a server
 * on it would too. `key` is the connection the action writes to.
 */
export function answerLater(): (key: object, action: () => void) => void {
  const queues = new WeakMap<object, Promise<void>>();
  return (key, action) => {
    const queued = (queues.get(key) ?? Promise.resolve()).then(() => sleep(Math.random() * MAX_DELAY_MS)).then(action);
    queues.set(key, queued);
  };
}
