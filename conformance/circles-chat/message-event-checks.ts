import { Mismatch, pass, skip, type Verdict } from "../index.js";
import { expectPush } from "./circle-event-checks.js";
import { enterConversation, type Present } from "./conversation-room.js";
import { type ChatCheck, doc } from "./doc.js";
import type { EntityId } from "./fixtures.js";
import { isEntityId } from "./fixtures.js";
import { messageProblems } from "./payloads.js";
import type { Ctx } from "./session.js";
import { type Post, withTrigger } from "./trigger.js";

/** Has `sender` post a text and returns the id of the message `reader` is pushed. */
async function postedMessageId(conversation_id: EntityId, sender: Present, reader: Present): Promise<EntityId> {
  sender.client.emit("message", { conversation_id, text_message: "to be changed" });
  const got = await reader.client.next("message");
  const id = got.kind === "event" ? (got.args[0] as { message?: { id?: unknown } })?.message?.id : undefined;
  if (!isEntityId(id))
    throw new Mismatch({
      title: "the pushed message has an id",
      expected: "message.id",
      actual: got.kind === "event" ? got.args[0] : "nothing",
    });
  return id;
}

/** § Messages Events "message deletion" / "message update", caused through the trigger. */
function messageChange(event: "delete" | "update"): ChatCheck {
  return {
    id: `circles-chat.messages.${event}d`,
    level: "must",
    doc: doc("messageEvents"),
    title: `pushes {conversation_id, message_id, event: ${event}} to the conversation's room`,
    run: (ctx) =>
      withTrigger(ctx, async (post) => {
        const room = await enterConversation(ctx, { members: 2 });
        if (!room.ok) return skip(room.reason);
        const [sender, reader] = room.value.members;
        if (sender === undefined || reader === undefined) return skip("needs two members");
        const conversation_id = room.value.id;
        const message_id = await postedMessageId(conversation_id, sender, reader);
        await post(`/admin/messages/${message_id}/${event}`, event === "update" ? { text_message: "changed" } : {});
        return expectPush(
          ctx,
          reader.client,
          "message",
          { conversation_id, message_id, event },
          `the ${event} reaches ${reader.identity.name}`,
        );
      }),
  };
}

/** § Medias Events and § Messages Events: once every media is uploaded the room gets the message "done". */
async function uploadCompletes(ctx: Ctx, post: Post): Promise<Verdict> {
  const room = await enterConversation(ctx, { members: 2 });
  if (!room.ok) return skip(room.reason);
  const [sender, reader] = room.value.members;
  if (sender === undefined || reader === undefined) return skip("needs two members");
  const conversation_id = room.value.id;
  sender.client.emit("message", { conversation_id, text_message: "photo", files: ["photo.jpg"] });
  const media = await sender.client.next("media");
  const list = media.kind === "event" ? (media.args[0] as { media_list?: { id?: unknown }[] })?.media_list : undefined;
  if (!Array.isArray(list))
    return skip("no media event to take media ids from (see circles-chat.media.media-to-sender)");
  await reader.client.next("message"); // the pending one
  for (const m of list) await post(`/admin/media/${String(m?.id)}/uploaded`, {});
  const got = await reader.client.next("message");
  const problems =
    got.kind === "event"
      ? messageProblems(got.args[0], { conversation_id, status: "done", content: "photo" })
      : ["nothing"];
  const mediaList = got.kind === "event" ? (got.args[0] as { media_list?: unknown[] })?.media_list : undefined;
  if (Array.isArray(mediaList) && mediaList.length !== list.length)
    problems.push("media_list does not list every media");
  if (problems.length > 0)
    throw new Mismatch({
      title: "the message once its media are uploaded",
      expected: { status: "done", media_list: list },
      actual: problems,
    });
  return pass();
}

export const messageEventChecks: readonly ChatCheck[] = [
  messageChange("delete"),
  messageChange("update"),
  {
    id: "circles-chat.media.upload-completes",
    level: "must",
    doc: doc("mediaEvents"),
    title: 'pushes the message with status "done" and its media_list once its media are uploaded',
    run: (ctx) => withTrigger(ctx, (post) => uploadCompletes(ctx, post)),
  },
];
