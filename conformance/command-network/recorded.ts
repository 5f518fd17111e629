import type { PastCommand, Target } from "../../protocols/command-network/index.js";
import { sameJson, sameMeta } from "./deliveries.js";
import type { DocumentedPastCommand } from "./documented.js";

/** What a sender put in a command, as a past command must show it. */
export interface Sent {
  readonly command: string;
  readonly meta: unknown;
  readonly target: Target;
}

/** A name and an array of that one name are the same target; an array's order is free (DECISIONS.md D11). */
const sameTarget = (sent: Target, got: unknown) => {
  if (sent === null || sent === undefined) return got === null || got === undefined;
  const names = (t: unknown) => (typeof t === "string" ? [t] : Array.isArray(t) ? [...t].sort() : t);
  return sameJson(names(sent), names(got));
};

/**
 * command-network.md § Theory 3: a past command is listed by its name; the meta and target it shows, when it shows
 * them, are the ones sent. Nothing else is documented (source and timestamp are REAL-SERVERS.md's).
 */
export const listed = (entry: DocumentedPastCommand, sent: Sent) =>
  entry.command === sent.command &&
  (!Object.hasOwn(entry, "meta") || sameMeta(sent.meta, entry.meta)) &&
  (!Object.hasOwn(entry, "target") || sameTarget(sent.target, entry.target));

/**
 * REAL-SERVERS.md's past command, for a `should` check: command, meta and target as sent, and `source` the sender's
 * name or its id (REAL-SERVERS.md names the field, not what it holds); a broadcast's target null or left out.
 */
export const recorded = (entry: PastCommand, sent: Sent, source: readonly unknown[]) =>
  entry.command === sent.command &&
  sameMeta(sent.meta, entry.meta) &&
  sameTarget(sent.target, entry.target) &&
  source.includes(entry.source);
