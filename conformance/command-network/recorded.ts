import type { PastCommand, Target } from "../../protocols/command-network/index.js";
import { sameJson, sameMeta } from "./deliveries.js";

/**
 * A past command matches a sent one when command, meta and target agree. `source` may be the sender's name or its
 * id (REAL-SERVERS.md names the field, not what it holds); a broadcast's target may be null or left out; an
 * array's order is free (DECISIONS.md D11: only that a sent command appears may be checked).
 */
export function recorded(
  entry: PastCommand,
  sent: { command: string; meta: unknown; target: Target },
  source: readonly string[],
) {
  const sameTarget =
    sent.target === null || sent.target === undefined
      ? entry.target === null || entry.target === undefined
      : Array.isArray(sent.target)
        ? Array.isArray(entry.target) && sameJson([...entry.target].sort(), [...sent.target].sort())
        : entry.target === sent.target;
  return (
    entry.command === sent.command && sameMeta(sent.meta, entry.meta) && sameTarget && source.includes(entry.source)
  );
}
