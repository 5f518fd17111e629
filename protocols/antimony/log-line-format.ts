/**
 * The reference server's log line format (DECISIONS.md D13), not the document's: the document only says a line is a
 * string. Each line carries a per-stream sequence number and the server's send time so that load tests can measure
 * loss, order and latency: `seq=<n> ts=<epoch ms> <text>`. A real server's lines will not match; callers must treat
 * `undefined` as "not a reference-server line", never as an error.
 */
export interface SequencedLine {
  readonly seq: number;
  readonly sentAtMs: number;
  readonly text: string;
}

const pattern = /^seq=(\d+) ts=(\d+) (.*)$/s;

export function formatLogLine(line: SequencedLine): string {
  return `seq=${line.seq} ts=${line.sentAtMs} ${line.text}`;
}

export function parseLogLine(raw: string): SequencedLine | undefined {
  const m = pattern.exec(raw);
  if (m === null) return undefined;
  return { seq: Number(m[1]), sentAtMs: Number(m[2]), text: m[3] ?? "" };
}
