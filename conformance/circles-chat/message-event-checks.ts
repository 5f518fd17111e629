import { Mismatch, pass, SetupBlocked, skip, type Verdict } from "../index.js";
import { expectPush } from "./circle-event-checks.js";
import { enterConversation, type Present } from "./conversation-room.js";
import { type ChatCheck, doc } from "./doc.js";
import { documentedMedia } from "./documented.js";
import type { EntityId } from "./fixtures.js";
import { messageProblems } from "./payloads.js";
import { type Ctx, STEPS } from "./session.js";
import { type Post, withTrigger } from "./trigger.js";

/**
 * Has `sender` post a message with a file and returns its id from the `media` event: the one place the document
 * names a message's id (§ Medias Events `message_id`; where getSimpleContent() keeps it is D7's choice).
 */
async function postedMessageId(conversation_id: EntityId, sender: Present): Promise<EntityId> {
  sender.client.emit("message", { conversation_id, text_message: "to be changed", files: ["change.txt"] });
  const got = await sender.client.next("media");
  const media = documentedMedia.safeParse(got.kind === "event" ? got.args[0] : undefined);
  if (!media.success)
    throw new SetupBlocked(STEPS.media, got.kind === "event" ? JSON.stringify({ media: got.args[0] }) : "no media");
  return media.data.message_id;
}

const CHANGE_ROWS = {
  delete: `message deletion | message | {"conversation_id": conv_id, "message_id": id, "event": 'delete'}`,
  update: `message update | message | {"conversation_id": message.conversation_id, "message_id": message.id, "event": 'update'}`,
} as const;

/** § Messages Events "message deletion" / "message update", caused through the trigger. */
function messageChange(event: "delete" | "update"): ChatCheck {
  return {
    id: `circles-chat.messages.${event}d`,
    level: "must",
    doc: doc("messageEvents", CHANGE_ROWS[event]),
    title: `pushes {conversation_id, message_id, event: ${event}} to the conversation's room`,
    run: (ctx) =>
      withTrigger(ctx, async (post) => {
        const room = await enterConversation(ctx, { members: 2 });
        if (!room.ok) return skip(room.reason);
        const [sender, reader] = room.value.members;
        if (sender === undefined || reader === undefined) return skip("needs two members");
        const conversation_id = room.value.id;
        const message_id = await postedMessageId(conversation_id, sender);
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
  const parsed = documentedMedia.safeParse(media.kind === "event" ? media.args[0] : undefined);
  if (!parsed.success)
    throw new SetupBlocked(STEPS.media, media.kind === "event" ? JSON.stringify(media.args[0]) : "no media");
  const list = parsed.data.media_list as readonly { id?: unknown }[];
  await reader.client.next("message"); // the pending one
  for (const m of list) await post(`/admin/media/${String(m?.id)}/uploaded`, {});
  const got = await reader.client.next("message");
  const problems =
    got.kind === "event"
      ? messageProblems(got.args[0], { conversation_id, status: "done", content: "photo" })
      : ["nothing on message"];
  const mediaList = got.kind === "event" ? (got.args[0] as { media_list?: unknown[] })?.media_list : undefined;
  if (Array.isArray(mediaList) && mediaList.length !== list.length)
    problems.push("media_list does not list every media");
  if (problems.length > 0)
    throw new Mismatch({
      title: `the message once its media are uploaded: ${problems.join("; ")}`,
      expected: { status: "done", media_list: list },
      actual: got.kind === "event" ? { message: got.args[0] } : "nothing on message",
    });
  return pass();
}

export const messageEventChecks: readonly ChatCheck[] = [
  messageChange("delete"),
  messageChange("update"),
  {
    id: "circles-chat.media.upload-completes",
    level: "should",
    doc: doc(
      "messageEvents",
      "message sent to a conversation | message |",
      "D22, REAL-SERVERS: pending while files upload, then done once the last media is uploaded (trigger: media ids of media_list)",
    ),
    title: 'pushes the message with status "done" and its media_list once its media are uploaded',
    run: (ctx) => withTrigger(ctx, (post) => uploadCompletes(ctx, post)),
  },
];
