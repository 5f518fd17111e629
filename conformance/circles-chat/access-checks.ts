import { CLIENT_EVENTS } from "../../protocols/circles-chat/index.js";
import { fail, pass, skip } from "../index.js";
import { type ChatCheck, doc, QUOTES } from "./doc.js";
import { type CirclesChatFixtures, findScene, identities } from "./fixtures.js";
import { answerOf, anyOf, describeArrival, expectStep, firstOf, STEPS, signIn } from "./session.js";

/**
 * Everything the server emits but answers: what an unauthenticated socket should never get (DECISIONS.md D6; the
 * document does not say which channels need authentication, so both checks of it are `should`).
 */
export const DATA_EVENTS = [
  "message",
  "writing",
  "media",
  "webrtc_config",
  "webrtc_forward",
  "conversation",
  "circle",
  "circle_invite",
] as const;

/** A valid payload for each client event, aimed at the fixtures' first conversation, circle and user. */
function sampleRequests(f: CirclesChatFixtures): Record<(typeof CLIENT_EVENTS)[number], unknown[]> {
  const conversation_id = f.conversations[0]?.id ?? f.unknownConversationId;
  const circle_id = f.circles[0]?.id ?? f.unknownCircleId;
  const user = identities(f).find((i) => !i.device);
  const destination =
    user?.id !== undefined ? { user_id: user.id } : { email: user?.email ?? f.unknownEmail, signal: "offer" };
  return {
    authenticate: [{ token: "not-sent" }],
    join_conversation: [{ conversation_id }],
    leave_conversation: [{ conversation_id }],
    join_circle: [{ circle_id }],
    leave_circle: [{ circle_id }],
    message: [{ conversation_id, text_message: "from a stranger" }],
    writing: [{ conversation_id, is_writing: true }],
    webrtc_credentials: [],
    webrtc_stun_info: [],
    webrtc_turn_info: [],
    webrtc_forward: [{ ...destination, signal: "offer" }],
  };
}

const WITH_PARAMETERS = [
  "join_conversation",
  "leave_conversation",
  "join_circle",
  "leave_circle",
  "message",
  "writing",
  "webrtc_forward",
] as const;

export const accessChecks: readonly ChatCheck[] = [
  {
    id: "circles-chat.auth.unauthenticated-gets-no-data",
    level: "should",
    doc: doc("authentication", QUOTES.authenticate, "D6: an unauthenticated socket is in no room and gets no data"),
    title: "gives a socket that has not authenticated no data: no pushes, no WebRTC config, no forwards",
    run: async (ctx) => {
      const stranger = await ctx.clients.connect({ namespace: "/" });
      const requests = sampleRequests(ctx.fixtures);
      for (const event of CLIENT_EVENTS) if (event !== "authenticate") stranger.emit(event, ...requests[event]);
      // A member's message to the conversation the stranger tried to join must not reach it either.
      const scene = findScene(ctx.fixtures, "conversations", { members: 1 });
      if (scene.ok && scene.value.id === ctx.fixtures.conversations[0]?.id) {
        const [member] = scene.value.members;
        if (member !== undefined) {
          const sender = await signIn(ctx, member);
          sender.emit("join_conversation", { conversation_id: scene.value.id });
          expectStep(await answerOf(ctx, sender), "success", STEPS.conversationRoom, "join_conversation");
          sender.emit("message", { conversation_id: scene.value.id, text_message: "members only" });
          sender.emit("writing", { conversation_id: scene.value.id, is_writing: true });
        }
      }
      const got = await anyOf(stranger, DATA_EVENTS, ctx.silenceMs);
      return got.event === "none"
        ? pass()
        : fail({
            title: "an unauthenticated socket got data",
            expected: "no data event",
            actual: describeArrival(got),
          });
    },
  },
  {
    id: "circles-chat.auth.unauthenticated-answered-error",
    level: "should",
    doc: doc("channels", QUOTES.answered, 'D6: every event but authenticate answers "error" before authenticate'),
    title: 'answers every channel with parameters on "error" before authenticate',
    run: async (ctx) => {
      const stranger = await ctx.clients.connect({ namespace: "/" });
      const requests = sampleRequests(ctx.fixtures);
      for (const event of WITH_PARAMETERS) {
        stranger.emit(event, ...requests[event]);
        const got = await answerOf(ctx, stranger);
        if (got.event !== "error")
          return fail({
            title: `${event} before authenticate`,
            expected: 'an emit on "error"',
            actual: describeArrival(got),
          });
      }
      return pass();
    },
  },
  {
    id: "circles-chat.basics.unknown-event",
    level: "should",
    doc: doc("channels", QUOTES.authAnswer, "D1: events the document does not list are ignored"),
    title: "keeps the connection through an event it does not list (DECISIONS.md D1)",
    run: async (ctx) => {
      const who = identities(ctx.fixtures)[0];
      if (who === undefined) return skip("no fixture user or device");
      const client = await ctx.clients.connect({ namespace: "/" });
      client.emit("volley_unknown_event", { conversation_id: 1 });
      client.emit("authenticate", { token: who.token });
      const got = await firstOf(client, ["success", "disconnect"], ctx.timeoutMs);
      return got.event === "success"
        ? pass()
        : fail({ title: "authenticate after an unknown event", expected: "success", actual: describeArrival(got) });
    },
  },
  {
    id: "circles-chat.basics.disconnect",
    level: "must",
    doc: doc("disconnect", QUOTES.disconnect),
    title: "keeps serving a conversation's other members after one of them disconnects",
    run: async (ctx) => {
      const found = findScene(ctx.fixtures, "conversations", { members: 2 });
      if (!found.ok) return skip(found.reason);
      const { id: conversation_id, members } = found.value;
      const [a, b] = members;
      if (a === undefined || b === undefined) return skip("needs two members");
      const [leaving, staying] = [await signIn(ctx, a), await signIn(ctx, b)];
      for (const c of [leaving, staying]) {
        c.emit("join_conversation", { conversation_id });
        expectStep(await answerOf(ctx, c), "success", STEPS.conversationRoom, `join_conversation ${conversation_id}`);
      }
      leaving.close();
      const again = await signIn(ctx, a);
      again.emit("join_conversation", { conversation_id });
      const rejoined = await answerOf(ctx, again);
      if (rejoined.event !== "success")
        return fail({
          title: "join_conversation again after reconnecting",
          expected: 'an emit on "success"',
          actual: describeArrival(rejoined),
        });
      again.emit("message", { conversation_id, text_message: "back again" });
      const got = await staying.next("message");
      return got.kind === "event"
        ? pass()
        : fail({
            title: "a message after a member disconnected and came back",
            expected: "message",
            actual: "nothing",
          });
    },
  },
];
