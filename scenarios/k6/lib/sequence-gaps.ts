/**
 * Loss and order of one numbered stream (log lines `seq=<n>`, fan-out messages `meta.seq`) as one receiver sees it.
 * Gaps count only after the first number seen: a subscriber that joins late has not lost what came before it.
 */
export class SequenceGaps {
  private last: number | undefined;

  /** Sets the starting point without counting anything, e.g. from the last line of a backlog. */
  resume(seq: number): void {
    this.last = seq;
  }

  /** How many numbers were skipped before `seq` (lost), and whether it came out of order. */
  observe(seq: number): { lost: number; reordered: boolean } {
    const last = this.last;
    if (last !== undefined && seq <= last) return { lost: 0, reordered: true };
    this.last = seq;
    return { lost: last === undefined ? 0 : seq - last - 1, reordered: false };
  }
}
