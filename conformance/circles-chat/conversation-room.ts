import type { SioClient } from "../index.js";
import type { EntityId } from "./fixtures.js";
import { type Found, findScene, type Identity, type SceneNeed } from "./fixtures.js";
import { answerOf, type Ctx, expectStep, STEPS, signIn } from "./session.js";

export interface Present {
  readonly identity: Identity;
  readonly client: SioClient;
}

/** A conversation whose named members are signed in and have joined its room, and an outsider signed in beside. */
export interface Room {
  readonly id: EntityId;
  readonly members: readonly Present[];
  readonly outsider?: Present;
}

/**
 * Signs in `need.members` members of a fixture conversation and has each join the room (REAL-SERVERS.md:
 * `conversation_<id>`), plus a signed-in non-member when asked. Members join before they send, since whether
 * sending needs the room is the server's choice (DECISIONS.md D11).
 */
export async function enterConversation(ctx: Ctx, need: SceneNeed): Promise<Found<Room>> {
  const found = findScene(ctx.fixtures, "conversations", need);
  if (!found.ok) return found;
  const { id, members, outsider } = found.value;
  const present: Present[] = [];
  for (const identity of members.slice(0, need.members)) {
    const client = await signIn(ctx, identity);
    client.emit("join_conversation", { conversation_id: id });
    expectStep(
      await answerOf(ctx, client),
      "success",
      STEPS.conversationRoom,
      `join_conversation ${id} by ${identity.name}`,
    );
    present.push({ identity, client });
  }
  const room: Room = {
    id,
    members: present,
    ...(outsider === undefined ? {} : { outsider: { identity: outsider, client: await signIn(ctx, outsider) } }),
  };
  return { ok: true, value: room };
}
