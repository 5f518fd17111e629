/**
 * An append-only list that keeps only its last `cap` entries and, when `maxBytes` is given, at most that many
 * UTF-8 bytes of them: the backlog of a log stream or a shell. The caps (`limits.backlogLines`,
 * `limits.shellBacklogBytes`) keep a long-running lab's memory finite: a line cap alone lets a shell of 64 KB
 * chunks hold ~64 MB. The newest data is kept; an entry larger than `maxBytes` on its own keeps its tail.
 */
export class CappedLog {
  private readonly entries: string[] = [];
  /** UTF-8 bytes of `entries`. */
  private bytes = 0;

  constructor(
    private readonly cap: number,
    private readonly maxBytes = Number.POSITIVE_INFINITY,
  ) {}

  push(entry: string): void {
    const size = Buffer.byteLength(entry);
    if (size > this.maxBytes) {
      this.entries.length = 0;
      this.bytes = 0;
      this.add(tail(entry, this.maxBytes));
      return;
    }
    this.add(entry);
    while (this.bytes > this.maxBytes) this.bytes -= Buffer.byteLength(this.entries.shift() ?? "");
    // Trim in batches so that a full log does not shift the whole array on every line.
    if (this.entries.length > this.cap + 64) {
      for (const old of this.entries.splice(0, this.entries.length - this.cap)) this.bytes -= Buffer.byteLength(old);
    }
  }

  snapshot(): string[] {
    return this.entries.slice(-this.cap);
  }

  private add(entry: string): void {
    this.entries.push(entry);
    this.bytes += Buffer.byteLength(entry);
  }
}

/** The last `maxBytes` UTF-8 bytes of `text`, starting on a character boundary (fewer bytes rather than a split one). */
function tail(text: string, maxBytes: number): string {
  const encoded = Buffer.from(text);
  let start = encoded.length - maxBytes;
  // Continuation bytes are 10xxxxxx: skip them so that the tail starts with a whole character.
  while (start < encoded.length && ((encoded[start] ?? 0) & 0xc0) === 0x80) start += 1;
  return encoded.subarray(start).toString();
}
