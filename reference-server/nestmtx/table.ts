/**
 * One in-memory table: rows by numeric id, ids handed out in order and never reused, a fixed row cap so that no
 * client can grow memory without bound (D11).
 */
export class Table<T extends { id: number }> {
  readonly #rows = new Map<number, T>();
  #nextId = 1;

  constructor(readonly maxRows: number) {}

  /** The new row, or undefined when the table is full. */
  insert(make: (id: number) => T): T | undefined {
    if (this.#rows.size >= this.maxRows) return undefined;
    const row = make(this.#nextId++);
    this.#rows.set(row.id, row);
    return row;
  }

  get(id: number): T | undefined {
    return this.#rows.get(id);
  }

  replace(row: T): void {
    this.#rows.set(row.id, row);
  }

  delete(id: number): T | undefined {
    const row = this.#rows.get(id);
    this.#rows.delete(id);
    return row;
  }

  /** Newest first, as the real server orders its lists (`orderBy('id', 'desc')`). */
  all(): T[] {
    return [...this.#rows.values()].reverse();
  }
}
