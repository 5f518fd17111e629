import { isDeepStrictEqual } from "node:util";
import { Mismatch, type SioClient } from "../index.js";
import { type DocumentedDelivery, documentedDelivery } from "./documented.js";
import { nextMatching } from "./next-matching.js";

/** What a sender put in a command; `meta` may be absent. */
export interface SentCommand {
  readonly command: string;
  readonly meta?: unknown;
}

/** Compares values as they travel: through JSON. */
export const sameJson = (a: unknown, b: unknown) =>
  isDeepStrictEqual(JSON.parse(JSON.stringify(a) ?? "null"), JSON.parse(JSON.stringify(b) ?? "null"));

/** A command sent without meta may arrive with `meta: null` or without it: the document does not say (D10). */
export const sameMeta = (sent: unknown, got: unknown) =>
  sent === undefined ? got === undefined || got === null : sameJson(sent, got);

/**
 * The next `command` event named `wanted` that `client` receives within `ms`, skipping commands with other names
 * (other traffic on a shared target, or the suite's earlier commands a check chose not to wait for).
 */
export function nextDelivery(client: SioClient, wanted: string, ms: number): Promise<DocumentedDelivery | undefined> {
  return nextMatching(client, "command", ms, (arg) => {
    const parsed = documentedDelivery.safeParse(arg);
    if (parsed.success) return parsed.data.command === wanted ? parsed.data : undefined;
    if (JSON.stringify(arg)?.includes(wanted)) {
      throw new Mismatch({
        title: `${client.name} received its command in a shape other than {command, meta}`,
        expected: { command: wanted, meta: "…" },
        actual: arg,
      });
    }
    return undefined;
  });
}

/** command-network.md § Receiving Commands: the receiver gets `command` with the sender's `{command, meta}`. */
export async function expectDelivery(client: SioClient, sent: SentCommand, ms: number, why: string): Promise<void> {
  const got = await nextDelivery(client, sent.command, ms);
  if (got === undefined) {
    throw new Mismatch({
      title: `${client.name} did not receive the command (${why})`,
      expected: { event: "command", args: [{ command: sent.command, meta: sent.meta ?? null }] },
      actual: `nothing within ${ms} ms`,
    });
  }
  if (!sameMeta(sent.meta, got.meta)) {
    throw new Mismatch({
      title: `${client.name} received the command with other meta than was sent`,
      expected: { command: sent.command, meta: sent.meta ?? null },
      actual: got,
    });
  }
}

/** None of `clients` receives the command named `command` within `ms`; they are watched at the same time. */
export async function expectNoDelivery(clients: readonly SioClient[], command: string, ms: number, why: string) {
  const got = await Promise.all(clients.map((c) => nextDelivery(c, command, ms)));
  const wrong = clients.filter((_, i) => got[i] !== undefined);
  if (wrong.length > 0) {
    throw new Mismatch({
      title: `${wrong.map((c) => c.name).join(", ")} received a command ${why}`,
      expected: `no "command" event named ${JSON.stringify(command)} within ${ms} ms`,
      actual: got.find((g) => g !== undefined),
    });
  }
}
