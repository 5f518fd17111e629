/** The most an independent server waits before an answer or a push. */
const MAX_DELAY_MS = 20;

/**
 * Runs each action 0-20 ms late, one connection's actions in the order they were asked for: the documents say
 * nothing about timing, so a server may be slow, but Socket.IO keeps one connection's packets in order and a server
 * on it would too. Each action is due at most 20 ms after it was asked for (never before the one asked before it),
 * so a burst is not slowed down item by item. `key` is the connection the action writes to.
 */
export function answerLater(): (key: object, action: () => void) => void {
  const lastDue = new WeakMap<object, number>();
  return (key, action) => {
    const now = Date.now();
    const due = Math.max(lastDue.get(key) ?? 0, now + Math.random() * MAX_DELAY_MS);
    lastDue.set(key, due);
    // Timers due at the same millisecond run in the order they were set, so the order per connection holds.
    setTimeout(action, Math.ceil(due) - now);
  };
}
