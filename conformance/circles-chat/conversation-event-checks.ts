import { CONVERSATION_EVENTS } from "../../protocols/circles-chat/index.js";
import { pass, skip } from "../index.js";
import { expectPushWhere } from "./circle-event-checks.js";
import { enterConversation } from "./conversation-room.js";
import { type ChatCheck, doc } from "./doc.js";
import type { EntityId } from "./fixtures.js";
import { type CirclesChatFixtures, identities } from "./fixtures.js";
import { drain, signIn } from "./session.js";
import { type Post, withTrigger } from "./trigger.js";

type ConversationEvent = (typeof CONVERSATION_EVENTS)[number];

/** The events `cause` brings about by inviting the outsider first. */
const INVITED_FIRST: ReadonlySet<ConversationEvent> = new Set(["invite", "kick", "quit"]);

/** The rows of § Conversations Events and the trigger action (DECISIONS.md D8's names) that causes each. */
const ROWS: Readonly<Record<ConversationEvent, string>> = {
  update: "info update",
  invite: "invite",
  promote: "user promotion",
  kick: "user kick",
  quit: "user quit",
  add_device: "add device",
  remove_device: "remove device",
};

/** A user with an id outside conversation `id`, and a device with an id outside it. */
function outsiders(f: CirclesChatFixtures, id: EntityId) {
  const members = f.conversations.find((c) => c.id === id)?.members ?? [];
  const out = identities(f).filter((i) => i.id !== undefined && !members.includes(i.name));
  return { user: out.find((i) => !i.device)?.id, device: out.find((i) => i.device)?.id };
}

/**
 * Causes `event` through the trigger, leaving the conversation's members as the fixtures say: the outsider is
 * invited before a kick or quit, an invite is undone by a quit, a device added is removed. Returns how many
 * actions were taken, each one a row of the table that pushes an event.
 */
async function cause(
  post: Post,
  id: EntityId,
  event: ConversationEvent,
  memberId: EntityId,
  who: ReturnType<typeof outsiders>,
): Promise<number> {
  const at = (action: string, body: Record<string, unknown>) => post(`/admin/conversations/${id}/${action}`, body);
  if (event === "update") return at("update", {}).then(() => 1);
  if (event === "promote") return at("promote", { user_id: memberId }).then(() => 1);
  if (event === "add_device" || event === "remove_device") {
    await at("add_device", { device_id: who.device });
    return at("remove_device", { device_id: who.device }).then(() => 2);
  }
  await at("invite", { user_id: who.user });
  return at(event === "invite" ? "quit" : event, { user_id: who.user }).then(() => 2);
}

/**
 * § Conversations Events: "Each json contains the conversation id", and the table's JSON column is empty. Neither
 * the key holding the id nor the rest of the payload is the document's (D8 is ours): any top-level value equal to
 * the conversation's id will do.
 */
const holdsId = (payload: unknown, id: EntityId) =>
  typeof payload === "object" && payload !== null && Object.values(payload).some((v) => v === id);

function conversationEvent(event: ConversationEvent): ChatCheck {
  return {
    id: `circles-chat.conversation-events.${event.replace("_", "-")}`,
    level: "must",
    doc: doc("conversationEvents", `${ROWS[event]} | conversation`),
    title: `pushes "${ROWS[event]}" on conversation, with the conversation id, to the conversation's room`,
    run: (ctx) =>
      withTrigger(ctx, async (post) => {
        const deviceEvent = event === "add_device" || event === "remove_device";
        const hasOutsider = (g: { id: EntityId }) => {
          const who = outsiders(ctx.fixtures, g.id);
          return (deviceEvent ? who.device : who.user) !== undefined || event === "update" || event === "promote";
        };
        const room = await enterConversation(ctx, { members: 1, usersOnly: true, where: hasOutsider });
        if (!room.ok) return skip(room.reason);
        const [watcher] = room.value.members;
        const who = outsiders(ctx.fixtures, room.value.id);
        if (watcher?.identity.id === undefined) return skip("the member has no id in the fixtures");
        // The document names no recipient: an invitation may go to the invitee instead of the room, as § Circle
        // Events sends one (circle_invite). The invitee, signed in when the fixtures let it, is watched for that.
        const invitee = INVITED_FIRST.has(event)
          ? identities(ctx.fixtures).find((i) => !i.device && i.id === who.user)
          : undefined;
        const inviteeClient = invitee === undefined ? undefined : await signIn(ctx, invitee);
        const actions = await cause(post, room.value.id, event, watcher.identity.id, who);
        // Each action must push one event carrying the conversation's id.
        const id = room.value.id;
        const accepts = (p: unknown) => holdsId(p, id);
        for (let i = 1; i <= actions; i++) {
          const title = `"${ROWS[event]}" (push ${i} of ${actions}) reaches ${watcher.identity.name}`;
          const verdict = await expectPushWhere(ctx, watcher.client, "conversation", accepts, `{…: ${id}}`, title);
          // The room missed its last push after a full wait: it counts if the invitee has it buffered by now (the
          // invitation, or the invitee's own kick or quit, told to the one it concerns).
          const invitedDirectly = async () =>
            i === actions && inviteeClient !== undefined && (await drain(inviteeClient, "conversation")).some(accepts);
          if (verdict.status !== "pass" && !(await invitedDirectly())) return verdict;
        }
        return pass();
      }),
  };
}

export const conversationEventChecks: readonly ChatCheck[] = CONVERSATION_EVENTS.map(conversationEvent);
