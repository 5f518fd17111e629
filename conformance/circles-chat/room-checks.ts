import { circleRequest, conversationRequest } from "../../protocols/circles-chat/index.js";
import type { DocPointer } from "../index.js";
import { fail, pass, skip, type Verdict } from "../index.js";
import { refusesBadInput } from "./bad-input.js";
import { type ChatCheck, doc, QUOTES } from "./doc.js";
import type { EntityId } from "./fixtures.js";
import { findScene, identities } from "./fixtures.js";
import { answerOf, type Ctx, describeArrival, expectStep, STEPS, signIn } from "./session.js";

type Kind = "conversation" | "circle";
const KEY = { conversation: "conversation_id", circle: "circle_id" } as const;
const payload = (kind: Kind, id: EntityId) => ({ [KEY[kind]]: id });
const plural = (kind: Kind) => (kind === "conversation" ? "conversations" : "circles");

/** `<action>_<kind>` by a member or an outsider of a fixture room, for that room or for `id` when given. */
async function answerTo(ctx: Ctx, kind: Kind, action: "join" | "leave", who: "member" | "outsider", id?: EntityId) {
  const found = findScene(ctx.fixtures, plural(kind), { members: 1, outsider: who === "outsider" });
  if (!found.ok) return found;
  const identity = who === "member" ? found.value.members[0] : found.value.outsider;
  if (identity === undefined) return { ok: false as const, reason: "no identity" };
  const client = await signIn(ctx, identity);
  const target = id ?? found.value.id;
  client.emit(`${action}_${kind}`, payload(kind, target));
  return { ok: true as const, value: { client, answer: await answerOf(ctx, client), id: target } };
}

/** One check: `<action>_<kind>` by a member / an outsider / for an unknown id, answered on `want`. */
function roomCheck(
  behaviour: string,
  pointer: DocPointer,
  title: string,
  act: (ctx: Ctx) => ReturnType<typeof answerTo>,
  want: "success" | "error",
): ChatCheck {
  return {
    id: `circles-chat.rooms.${behaviour}`,
    level: pointer.decision === undefined ? "must" : "should",
    doc: pointer,
    title,
    run: async (ctx) => {
      const done = await act(ctx);
      if (!done.ok) return skip(done.reason);
      const { answer } = done.value;
      return answer.event === want
        ? pass()
        : fail({ title, expected: `an emit on "${want}"`, actual: describeArrival(answer) });
    },
  };
}

const JOIN_QUOTE = { conversation: QUOTES.joinConversation, circle: QUOTES.joinCircle } as const;
const LEAVE_QUOTE = { conversation: QUOTES.leaveConversation, circle: QUOTES.leaveCircle } as const;

function checksFor(kind: Kind): ChatCheck[] {
  const unknown = (ctx: Ctx) =>
    kind === "conversation" ? ctx.fixtures.unknownConversationId : ctx.fixtures.unknownCircleId;
  return [
    roomCheck(
      `join-${kind}`,
      doc("channels", JOIN_QUOTE[kind]),
      `answers join_${kind} by a member on "success"`,
      (ctx) => answerTo(ctx, kind, "join", "member"),
      "success",
    ),
    // The document says nothing of who may join: the refusal of a non-member is REAL-SERVERS.md's fact (and D14).
    roomCheck(
      `join-${kind}-non-member`,
      doc("channels", JOIN_QUOTE[kind], "REAL-SERVERS: joining requires membership (D14)"),
      `answers join_${kind} by a non-member on "error"`,
      (ctx) => answerTo(ctx, kind, "join", "outsider"),
      "error",
    ),
    roomCheck(
      `join-${kind}-unknown`,
      doc("channels", QUOTES.answered, 'D14: an unknown id answers "error"'),
      `answers join_${kind} for an id that does not exist on "error"`,
      (ctx) => answerTo(ctx, kind, "join", "member", unknown(ctx)),
      "error",
    ),
    {
      id: `circles-chat.rooms.leave-${kind}`,
      level: "must",
      doc: doc("channels", LEAVE_QUOTE[kind]),
      title: `answers leave_${kind} after a join on "success"`,
      run: async (ctx) => {
        const joined = await answerTo(ctx, kind, "join", "member");
        if (!joined.ok) return skip(joined.reason);
        const { client, answer, id } = joined.value;
        expectStep(
          answer,
          "success",
          kind === "conversation" ? STEPS.conversationRoom : STEPS.circleRoom,
          `join_${kind} ${id}`,
        );
        client.emit(`leave_${kind}`, payload(kind, id));
        const left = await answerOf(ctx, client);
        return left.event === "success"
          ? pass()
          : fail({
              title: `leave_${kind} after joining`,
              expected: 'an emit on "success"',
              actual: describeArrival(left),
            });
      },
    },
  ];
}

export const roomChecks: readonly ChatCheck[] = [
  ...checksFor("conversation"),
  ...checksFor("circle"),
  {
    id: "circles-chat.rooms.left-conversation-gets-nothing",
    level: "must",
    doc: doc("channels", QUOTES.leaveConversation),
    title: "stops sending a conversation's messages to a member who left it",
    run: async (ctx) => {
      const found = findScene(ctx.fixtures, "conversations", { members: 2 });
      if (!found.ok) return skip(found.reason);
      const { id: conversation_id, members } = found.value;
      const [a, b] = members;
      if (a === undefined || b === undefined) return skip("needs two members");
      const [leaver, sender] = [await signIn(ctx, a), await signIn(ctx, b)];
      // The sender joins too: whether sending needs the room is the server's choice (DECISIONS.md D11).
      for (const [c, event] of [
        [sender, "join_conversation"],
        [leaver, "join_conversation"],
        [leaver, "leave_conversation"],
      ] as const) {
        c.emit(event, { conversation_id });
        expectStep(await answerOf(ctx, c), "success", STEPS.conversationRoom, `${event} ${conversation_id}`);
      }
      sender.emit("message", { conversation_id, text_message: "after you left" });
      sender.emit("writing", { conversation_id, is_writing: true });
      const leak = await leaver.silence("message");
      const writing = await leaver.silence("writing", 0);
      const got = leak.kind === "event" ? leak : writing;
      return got.kind === "silent"
        ? pass()
        : fail({ title: "a member who left still receives the room", expected: "nothing", actual: got.args[0] });
    },
  },
  {
    id: "circles-chat.rooms.bad-input",
    level: "should",
    hostile: true,
    doc: doc("channels", QUOTES.answered),
    title: 'answers join/leave of conversations and circles with malformed ids on "error"',
    run: async (ctx): Promise<Verdict> => {
      const who = identities(ctx.fixtures)[0];
      if (who === undefined) return skip("no fixture user or device");
      const cases = [
        ["join_conversation", conversationRequest, { conversation_id: 1 }],
        ["leave_conversation", conversationRequest, { conversation_id: 1 }],
        ["join_circle", circleRequest, { circle_id: 1 }],
        ["leave_circle", circleRequest, { circle_id: 1 }],
      ] as const;
      for (const [event, schema, valid] of cases) {
        const verdict = await refusesBadInput(ctx, () => signIn(ctx, who), event, schema, valid);
        if (verdict.status !== "pass") return verdict;
      }
      return pass();
    },
  },
];
