import { runtimeStatusSchema } from "../../protocols/neoruntime/index.js";
import type { SioClient } from "../index.js";
import type { Ctx } from "./doc.js";
import { listingOf } from "./session.js";

/** An ack that carries the runtime status (what an unauthenticated socket must not get, DECISIONS.md D5). */
export const statusLeak = (ack: unknown): boolean => runtimeStatusSchema.safeParse(ack).success;

/** An ack that carries the script lists. */
export const listLeak = (ack: unknown): boolean => listingOf(ack) !== undefined;

/**
 * Emits `event` from a socket that must get nothing from it and watches for the silence window: returns the ack
 * when it carries data (`leaks`), else undefined. An ack without data (a refusal) is not a leak (D5 says `should`
 * only for "no ack at all"; `neoruntime.unauthenticated.never-answered` checks that).
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
