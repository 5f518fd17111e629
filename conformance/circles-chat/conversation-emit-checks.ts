import type { z } from "zod";
import { fail, pass, skip } from "../index.js";
import { refusesBadInput } from "./bad-input.js";
import { enterConversation } from "./conversation-room.js";
import { type ChatCheck, doc, QUOTES } from "./doc.js";
import { entityIdSchema, findScene } from "./fixtures.js";
import { answerOf, describeArrival, signIn } from "./session.js";

/**
 * What a member emits into a conversation. `message` and `writing` follow the same three rules (answered on
 * "success", never pushed to a non-member, malformed input answered on "error"), so one builder serves both.
 */
export interface ConversationEmit {
  readonly event: "message" | "writing";
  /** How the titles name what is pushed: "messages", "writing". */
  readonly pushed: string;
  readonly request: z.ZodObject;
  /** A valid payload for the conversation. */
  payload(conversation_id: unknown): Record<string, unknown>;
  /** A valid payload with every optional field too, so that the mutations of malformed input reach them all. */
  everyField(conversation_id: unknown): Record<string, unknown>;
  /** The choice the request schema makes where the document gives no bound, if any (what malformed means). */
  readonly bounds?: string;
}

export function conversationEmitChecks(emit: ConversationEmit): {
  answeredOnSuccess: ChatCheck;
  neverReachesNonMember: ChatCheck;
  malformedRefused: ChatCheck;
} {
  const { event, pushed } = emit;
  const ids = `circles-chat.${event === "message" ? "messages" : event}`;
  return {
    answeredOnSuccess: {
      id: `${ids}.${event === "message" ? "sender-success" : "success"}`,
      level: "must",
      doc: doc("channels", QUOTES.answered),
      title: `answers a member's ${event} on "success"`,
      run: async (ctx) => {
        const room = await enterConversation(ctx, { members: 1 });
        if (!room.ok) return skip(room.reason);
        const [sender] = room.value.members;
        if (sender === undefined) return skip("needs a member");
        sender.client.emit(event, emit.payload(room.value.id));
        const got = await answerOf(ctx, sender.client);
        return got.event === "success"
          ? pass()
          : fail({ title: `the answer to ${event}`, expected: 'an emit on "success"', actual: describeArrival(got) });
      },
    },
    neverReachesNonMember: {
      id: `${ids}.non-member-never-receives`,
      level: "should",
      // Whether a non-member may join is not the document's (REAL-SERVERS.md: joining requires membership).
      doc: doc(
        "messageEvents",
        event === "message" ? QUOTES.messageRow : QUOTES.writingRow,
        "REAL-SERVERS: joining requires membership (D14)",
      ),
      title: `never pushes a conversation's ${pushed} to a non-member, even one that asked to join`,
      run: async (ctx) => {
        const room = await enterConversation(ctx, { members: 1, outsider: true });
        if (!room.ok) return skip(room.reason);
        const { id: conversation_id, members, outsider } = room.value;
        if (outsider === undefined || members[0] === undefined) return skip("needs a member and a non-member");
        outsider.client.emit("join_conversation", { conversation_id });
        await answerOf(ctx, outsider.client);
        members[0].client.emit(event, emit.payload(conversation_id));
        const leak = await outsider.client.silence(event);
        return leak.kind === "silent"
          ? pass()
          : fail({
              title: `the non-member ${outsider.identity.name} received ${event}`,
              expected: "nothing",
              actual: leak.args[0],
            });
      },
    },
    malformedRefused: {
      id: `${ids}.bad-input`,
      level: "should",
      hostile: true,
      doc: doc("channels", QUOTES.answered, emit.bounds),
      title: `answers malformed ${event} on "error"`,
      run: async (ctx) => {
        const found = findScene(ctx.fixtures, "conversations", { members: 1 });
        const member = found.ok ? found.value.members[0] : undefined;
        if (!found.ok || member === undefined) return skip(found.ok ? "needs a member" : found.reason);
        // The fixture's conversation id is valid whatever its format (D2 is the reference server's choice).
        const schema = emit.request.extend({ conversation_id: entityIdSchema });
        return refusesBadInput(ctx, () => signIn(ctx, member), event, schema, emit.everyField(found.value.id));
      },
    },
  };
}
