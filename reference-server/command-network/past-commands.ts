import type { PastCommand } from "../../protocols/command-network/index.js";

/**
 * The commands relayed so far, oldest first, at most `capacity` of them (DECISIONS.md D11). A ring: every relayed
 * command is added, so adding must not move the other entries (a full array's shift is O(capacity) per command).
 */
export class PastCommands {
  readonly #entries: PastCommand[] = [];
  /** Index of the oldest entry once the ring is full; the next add overwrites it. */
  #oldest = 0;

  constructor(private readonly capacity: number) {}

  add(entry: PastCommand): void {
    if (this.#entries.length < this.capacity) {
      this.#entries.push(entry);
      return;
    }
    this.#entries[this.#oldest] = entry;
    this.#oldest = (this.#oldest + 1) % this.capacity;
  }

  list(): PastCommand[] {
    return [...this.#entries.slice(this.#oldest), ...this.#entries.slice(0, this.#oldest)];
  }
}
