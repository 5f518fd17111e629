import type { Counter } from "prom-client";

/** One label set's count since the last flush; the hot path only does `slot.n += 1`. */
export interface TallySlot {
  n: number;
}

/**
 * Counts for an (api, namespace, event) prom-client counter, kept as plain numbers and added to the counter when
 * `/metrics` is read. The received counter moves once per message and the emitted one once per receiving socket of
 * every broadcast; prom-client validates and hashes the label set on each `inc`, a visible share of the server's
 * CPU at those rates. A scrape sees the same values: the shell flushes right before it renders the registry.
 */
export class EventTally {
  readonly #slots = new Map<string, { readonly namespace: string; readonly event: string; readonly slot: TallySlot }>();

  constructor(
    private readonly counter: Counter<"api" | "namespace" | "event">,
    private readonly api: string,
  ) {}

  /** The slot of one label pair, made once and kept: callers keep it, so both labels must come from finite lists. */
  slot(namespace: string, event: string): TallySlot {
    const key = `${namespace}\u0000${event}`;
    let entry = this.#slots.get(key);
    if (entry === undefined) {
      entry = { namespace, event, slot: { n: 0 } };
      this.#slots.set(key, entry);
    }
    return entry.slot;
  }

  /** Adds what was counted since the last flush; a label pair never counted gets no series, as with `inc`. */
  flush(): void {
    for (const { namespace, event, slot } of this.#slots.values()) {
      if (slot.n === 0) continue;
      this.counter.inc({ api: this.api, namespace, event }, slot.n);
      slot.n = 0;
    }
  }
}
