import type { PastCommand } from "../../protocols/command-network/index.js";

/** The commands relayed so far, oldest first, at most `capacity` of them (DECISIONS.md D11). */
export class PastCommands {
  readonly #entries: PastCommand[] = [];

  constructor(private readonly capacity: number) {}

  add(entry: PastCommand): void {
    this.#entries.push(entry);
    if (this.#entries.length > this.capacity) this.#entries.splice(0, this.#entries.length - this.capacity);
  }

  list(): PastCommand[] {
    return [...this.#entries];
  }
}
