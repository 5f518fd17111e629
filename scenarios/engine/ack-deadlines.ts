/** One acked emit waiting for its reply. */
export interface PendingAck {
  readonly deadline: number;
  settled: boolean;
  readonly expire: () => void;
  readonly drop: (reason: string) => void;
}

/** Emits sharing one timeout, in send order and so in deadline order; `head` is the first one still kept. */
interface Queue {
  readonly items: PendingAck[];
  head: number;
}

/**
 * The ack timeouts of one socket, swept by a single timer instead of a timer per emit (a `setTimeout` and a
 * `clearTimeout` per message were a measurable part of the generator's CPU). Emits with the same timeout expire in
 * the order they were sent, so each timeout keeps a FIFO queue and the timer is armed for the earliest head.
 * Every tracked ack is settled exactly once: by its reply (`settle`), at its deadline (`expire`), or when the
 * connection ends (`drop`).
 */
export class AckDeadlines {
  private readonly queues = new Map<number, Queue>();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;

  track(timeoutMs: number, expire: () => void, drop: (reason: string) => void): PendingAck {
    const pending: PendingAck = { deadline: performance.now() + timeoutMs, settled: false, expire, drop };
    let queue = this.queues.get(timeoutMs);
    if (queue === undefined) {
      queue = { items: [], head: 0 };
      this.queues.set(timeoutMs, queue);
    }
    queue.items.push(pending);
    if (pending.deadline < this.timerAt) this.arm(pending.deadline);
    return pending;
  }

  /** Marks a reply's ack settled; false when it was already settled (timed out or dropped) and must be ignored. */
  settle(pending: PendingAck): boolean {
    if (pending.settled) return false;
    pending.settled = true;
    // Replies mostly come in send order: dropping settled heads now keeps each queue as short as what is in flight.
    for (const queue of this.queues.values()) trim(queue);
    return true;
  }

  /** The connection ended: every ack still waiting is settled with `reason`. */
  dropAll(reason: string): void {
    const queues = [...this.queues.values()];
    this.queues.clear();
    for (const queue of queues) {
      for (let i = queue.head; i < queue.items.length; i++) {
        const pending = queue.items[i] as PendingAck;
        if (pending.settled) continue;
        pending.settled = true;
        pending.drop(reason);
      }
    }
  }

  private arm(at: number): void {
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => this.sweep(), Math.max(0, at - performance.now()));
    // The socket keeps the process alive while acks can still arrive; this timer alone must not.
    this.timer.unref();
  }

  private sweep(): void {
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
    const now = performance.now();
    let next = Number.POSITIVE_INFINITY;
    for (const queue of this.queues.values()) {
      for (;;) {
        trim(queue);
        const first = queue.items[queue.head];
        if (first === undefined) break;
        if (first.deadline > now) {
          next = Math.min(next, first.deadline);
          break;
        }
        first.settled = true;
        queue.head += 1;
        first.expire();
      }
    }
    if (next < Number.POSITIVE_INFINITY) this.arm(next);
  }
}

/** Drops the settled acks at the head; compacts once the dropped part is most of the array. */
function trim(queue: Queue): void {
  while (queue.head < queue.items.length && (queue.items[queue.head] as PendingAck).settled) queue.head += 1;
  if (queue.head === queue.items.length) {
    queue.items.length = 0;
    queue.head = 0;
  } else if (queue.head > 1024 && queue.head * 2 > queue.items.length) {
    queue.items.splice(0, queue.head);
    queue.head = 0;
  }
}
