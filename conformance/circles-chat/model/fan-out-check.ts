import fc from "fast-check";
import { runModel, skip } from "../../index.js";
import { type ChatCheck, doc, QUOTES } from "../doc.js";
import { type Identity, identities } from "../fixtures.js";
import { messageText } from "../message-checks.js";
import { signIn } from "../session.js";
import { isWriting } from "../writing-checks.js";
import type { ChatModel, ChatReal } from "./chat-model.js";
import { Forward } from "./forward.js";
import { JoinRoom, LeaveRoom } from "./join-room.js";
import { SendMessage } from "./send-message.js";
import { SendWriting } from "./send-writing.js";

/**
 * Signs every actor in once before the sequences: a fixture token that does not work blocks the check under the
 * set-up step's name (SetupBlocked) instead of failing every sequence's set-up inside fast-check.
 */
async function signInOnce(ctx: Parameters<ChatCheck["run"]>[0], actors: readonly Identity[]): Promise<void> {
  for (const a of actors) (await signIn(ctx, a)).close();
}

/** At most this many actors, one client each: enough for fan-out, few enough for a fast setup per sequence. */
const MAX_ACTORS = 5;

/**
 * Random sequences of joins, leaves, messages, writing and forwards by several users and devices, every answer
 * and every push compared with the model: each message and writing reaches exactly the others who joined the
 * room, each forward exactly its destination, and every request is answered on `success` or `error`.
 */
export const fanOutCheck: ChatCheck = {
  id: "circles-chat.model.fan-out",
  level: "must",
  doc: doc("channels", QUOTES.answered),
  title: "delivers messages, writing and forwards to exactly the right clients over random sequences",
  run: (ctx) => {
    const f = ctx.fixtures;
    const actors = identities(f).slice(0, MAX_ACTORS);
    if (actors.length < 2 || f.conversations.length === 0)
      return Promise.resolve(skip("needs two named users or devices and a fixture conversation"));
    const actor = fc.constantFrom(...actors.map((a) => a.name));
    const conversation = fc.constantFrom(...f.conversations.map((c) => c.id));
    const rooms = [
      ...f.conversations.map((c) => ["conversation", c.id] as const),
      ...f.circles.map((c) => ["circle", c.id] as const),
    ];
    const room = fc.constantFrom(...rooms);
    const addressed = actors.flatMap((a) => [
      ...(a.id === undefined ? [] : [{ name: a.name, address: { [a.device ? "device_id" : "user_id"]: a.id } }]),
      ...(a.email === undefined ? [] : [{ name: a.name, address: { email: a.email } }]),
    ]);
    const commands = [
      fc.tuple(room, actor).map(([[kind, id], a]) => new JoinRoom(kind, a, id)),
      fc.tuple(room, actor).map(([[kind, id], a]) => new LeaveRoom(kind, a, id)),
      fc.tuple(actor, conversation, messageText).map(([a, c, t]) => new SendMessage(a, c, t)),
      fc.tuple(actor, conversation, isWriting).map(([a, c, w]) => new SendWriting(a, c, w)),
      ...(addressed.length === 0
        ? []
        : [
            fc
              .tuple(actor, fc.constantFrom(...addressed), fc.constantFrom("offer", "answer", "candidate"))
              .map(([a, d, s]) => new Forward(a, d.name, d.address, s)),
          ]),
    ];
    return signInOnce(ctx, actors).then(() =>
      runModel<typeof f, ChatModel, ChatReal>(ctx, {
        commands,
        maxCommands: 10,
        setup: async () => {
          const clients = new Map<string, Awaited<ReturnType<typeof signIn>>>();
          for (const a of actors) clients.set(a.name, await signIn(ctx, a));
          const membersOf = (groups: typeof f.conversations) => new Map(groups.map((g) => [g.id, new Set(g.members)]));
          const model: ChatModel = {
            actors,
            members: { conversation: membersOf(f.conversations), circle: membersOf(f.circles) },
            joined: { conversation: new Map(), circle: new Map() },
          };
          return { model, real: { ctx, clients } };
        },
      }),
    );
  },
};
