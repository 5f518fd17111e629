import type { SioClient } from "../index.js";
import type { Ctx } from "./doc.js";
import { documentedListing, documentedStatus } from "./documented.js";

/**
 * An ack that carries the runtime status: what a socket that has not authenticated must not get (§ Connect step 3:
 * only then are "all actions and events available to the client").
 */
export const statusLeak = (ack: unknown): boolean => documentedStatus.safeParse(ack).success;

/** An ack that carries the script lists. */
export const listLeak = (ack: unknown): boolean => documentedListing.safeParse(ack).success;

/**
 * Emits `event` from a socket that must get nothing from it and watches for the silence window: returns the ack
 * when it carries data (`leaks`), else undefined. An ack without data (a refusal) is not a leak: "no ack at all" is
 * REAL-SERVERS.md's fact, checked at `should` level by `neoruntime.unauthenticated.never-answered`.
 */
export async function withheld(
  ctx: Ctx,
  client: SioClient,
  event: string,
  args: readonly unknown[],
  leaks: (ack: unknown) => boolean,
): Promise<unknown> {
  const reply = await client.emitAck(event, args, ctx.silenceMs);
  if (reply.kind === "timeout") return undefined;
  return leaks(reply.args[0]) ? reply.args[0] : undefined;
}
