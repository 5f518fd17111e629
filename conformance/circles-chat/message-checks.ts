import { messageReceived, messageRequest } from "../../protocols/circles-chat/index.js";
import { arbitraryOf, fail, Mismatch, pass, runProperty, skip } from "../index.js";
import { conversationEmitChecks } from "./conversation-emit-checks.js";
import { enterConversation } from "./conversation-room.js";
import { type ChatCheck, doc, QUOTES } from "./doc.js";
import { documentedMedia } from "./documented.js";
import { entityIdSchema } from "./fixtures.js";
import { messageProblems, pushedMessageId } from "./payloads.js";
import { answerOf, barrier, describeArrival, drain } from "./session.js";

/** Non-empty message texts from the protocol's schema: whether an empty message is refused is D11's choice. */
export const messageText = arbitraryOf(messageRequest.shape.text_message).filter(
  (t): t is string => typeof t === "string" && t.length > 0,
);

/** REAL-SERVERS.md names the receipt `{received: true, message_id}`; the id may be any id (D2 is ours). */
const receiptSchema = messageReceived.extend({ message_id: entityIdSchema });

const messageEmit = conversationEmitChecks({
  event: "message",
  pushed: "messages",
  request: messageRequest,
  payload: (conversation_id) => ({ conversation_id, text_message: "members only" }),
  everyField: (conversation_id) => ({ conversation_id, text_message: "hi", files: ["a.txt"] }),
  bounds: "D11: at most 32 files, non-empty file names (protocols/circles-chat messageRequest)",
});

export const messageChecks: readonly ChatCheck[] = [
  messageEmit.answeredOnSuccess,
  {
    id: "circles-chat.messages.receipt",
    level: "should",
    doc: doc(
      "channels",
      QUOTES.answered,
      "REAL-SERVERS: the sender gets success {received:true, message_id}; D7: the pushed message's id is message.id",
    ),
    title: "answers the sender with {received: true, message_id} naming the message the room got (REAL-SERVERS.md)",
    run: async (ctx) => {
      const room = await enterConversation(ctx, { members: 2 });
      if (!room.ok) return skip(room.reason);
      const [sender, other] = room.value.members;
      if (sender === undefined || other === undefined) return skip("needs two members");
      sender.client.emit("message", { conversation_id: room.value.id, text_message: "receipt please" });
      const [got, pushed] = [await answerOf(ctx, sender.client), await other.client.next("message")];
      const receipt = got.event === "success" ? receiptSchema.safeParse(got.args[0]) : undefined;
      if (!receipt?.success)
        return fail({
          title: "the message receipt",
          expected: { success: { received: true, message_id: "<id>" } },
          actual: describeArrival(got),
        });
      const pushedId = pushed.kind === "event" ? pushedMessageId(pushed.args[0]) : undefined;
      return pushedId === receipt.data.message_id
        ? pass()
        : fail({
            title: "the receipt's message_id is the pushed message's message.id",
            expected: { message: { message: { id: receipt.data.message_id } } },
            actual: pushed.kind === "event" ? { message: pushed.args[0] } : "nothing on message",
          });
    },
  },
  {
    id: "circles-chat.messages.members-receive",
    level: "must",
    doc: doc("messageEvents", QUOTES.messageRow),
    title: "pushes every message to the other members in the room, with its text, and not to a non-member",
    run: async (ctx) => {
      const room = await enterConversation(ctx, { members: 2, outsider: true });
      const found = room.ok ? room : await enterConversation(ctx, { members: 2 });
      if (!found.ok) return skip(found.reason);
      const { id: conversation_id, members, outsider } = found.value;
      const [sender, ...others] = members;
      if (sender === undefined) return skip("needs two members");
      return runProperty(ctx, messageText, async (text) => {
        sender.client.emit("message", { conversation_id, text_message: text });
        for (const other of others) {
          const got = await other.client.next("message");
          const problems =
            got.kind === "event"
              ? messageProblems(got.args[0], { conversation_id, status: "done", content: text })
              : ["no message pushed"];
          if (problems.length > 0)
            throw new Mismatch({
              title: `${other.identity.name} receives the message: ${problems.join("; ")}`,
              expected: { conversation_id, status: "done", message: `<holding ${JSON.stringify(text)}>` },
              actual: got.kind === "event" ? { message: got.args[0] } : "nothing on message",
            });
        }
        if (outsider === undefined) return;
        await barrier(ctx, outsider.client);
        const leaked = await drain(outsider.client, "message");
        if (leaked.length > 0)
          throw new Mismatch({
            title: `the non-member ${outsider.identity.name} receives the message`,
            expected: "nothing",
            actual: leaked,
          });
      });
    },
  },
  {
    id: "circles-chat.messages.done-payload",
    level: "must",
    doc: doc("messageEvents", QUOTES.messageRow),
    title: "pushes a text message with conversation_id, message, time, sender, media_list and status done",
    run: async (ctx) => {
      const room = await enterConversation(ctx, { members: 2 });
      if (!room.ok) return skip(room.reason);
      const [sender, other] = room.value.members;
      if (sender === undefined || other === undefined) return skip("needs two members");
      sender.client.emit("message", { conversation_id: room.value.id, text_message: "shape" });
      const got = await other.client.next("message");
      const problems =
        got.kind === "event"
          ? messageProblems(got.args[0], { conversation_id: room.value.id, status: "done", content: "shape" })
          : ["no message pushed"];
      return problems.length === 0
        ? pass()
        : fail({
            title: `the pushed message: ${problems.join("; ")}`,
            expected: "the keys of § Messages Events: conversation_id, message, time, sender, media_list, status done",
            actual: got.kind === "event" ? { message: got.args[0] } : "nothing on message",
          });
    },
  },
  messageEmit.neverReachesNonMember,
  {
    id: "circles-chat.messages.non-member-send-refused",
    level: "should",
    doc: doc("channels", QUOTES.answered, "D11: the sender must be a member of the conversation"),
    title: 'answers a non-member\'s message on "error" and pushes nothing to the room',
    run: async (ctx) => {
      const room = await enterConversation(ctx, { members: 1, outsider: true });
      if (!room.ok) return skip(room.reason);
      const { id: conversation_id, members, outsider } = room.value;
      if (outsider === undefined || members[0] === undefined) return skip("needs a member and a non-member");
      outsider.client.emit("message", { conversation_id, text_message: "let me in" });
      const got = await answerOf(ctx, outsider.client);
      if (got.event !== "error")
        return fail({ title: "a non-member's message", expected: 'an emit on "error"', actual: describeArrival(got) });
      const pushed = await members[0].client.silence("message");
      return pushed.kind === "silent"
        ? pass()
        : fail({ title: "a non-member's message reached the room", expected: "nothing", actual: pushed.args[0] });
    },
  },
  {
    id: "circles-chat.messages.pending-with-files",
    level: "must",
    doc: doc("messageEvents", QUOTES.messageRow),
    title: 'pushes a message with files to the room with status "pending"',
    run: async (ctx) => {
      const room = await enterConversation(ctx, { members: 2 });
      if (!room.ok) return skip(room.reason);
      const [sender, other] = room.value.members;
      if (sender === undefined || other === undefined) return skip("needs two members");
      sender.client.emit("message", {
        conversation_id: room.value.id,
        text_message: "see file",
        files: ["volley.txt"],
      });
      const got = await other.client.next("message");
      const problems =
        got.kind === "event"
          ? messageProblems(got.args[0], { conversation_id: room.value.id, status: "pending" })
          : ["no message pushed"];
      return problems.length === 0
        ? pass()
        : fail({
            title: `the pushed message with files: ${problems.join("; ")}`,
            expected: { conversation_id: room.value.id, message: "<the message>", status: "pending" },
            actual: got.kind === "event" ? { message: got.args[0] } : "nothing on message",
          });
    },
  },
  {
    id: "circles-chat.media.media-to-sender",
    level: "must",
    doc: doc("mediaEvents", QUOTES.mediaRow),
    title: "sends the sender of a message with files media {media_list, message_id}",
    run: async (ctx) => {
      const room = await enterConversation(ctx, { members: 1 });
      if (!room.ok) return skip(room.reason);
      const [sender] = room.value.members;
      if (sender === undefined) return skip("needs a member");
      sender.client.emit("message", { conversation_id: room.value.id, files: ["a.txt", "b.png"] });
      const got = await sender.client.next("media");
      return got.kind === "event" && documentedMedia.safeParse(got.args[0]).success
        ? pass()
        : fail({
            title: "the media event",
            expected: { media: { media_list: "<a non-empty list>", message_id: "<id>" } },
            actual: got.kind === "event" ? { media: got.args[0] } : "nothing on media",
          });
    },
  },
  messageEmit.malformedRefused,
];
