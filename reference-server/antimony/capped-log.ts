/**
 * An append-only list that keeps only its last `cap` entries: the backlog of a log stream or a shell.
 * The cap (`limits.backlogLines`) is what keeps a long-running lab's memory finite.
 */
export class CappedLog {
  private readonly entries: string[] = [];

  constructor(private readonly cap: number) {}

  push(entry: string): void {
    this.entries.push(entry);
    // Trim in batches so that a full log does not shift the whole array on every line.
    if (this.entries.length > this.cap + 64) this.entries.splice(0, this.entries.length - this.cap);
  }

  snapshot(): string[] {
    return this.entries.slice(-this.cap);
  }
}
