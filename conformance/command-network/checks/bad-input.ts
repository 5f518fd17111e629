import fc from "fast-check";
import { commandRequestSchema, targetSchema } from "../../../protocols/command-network/index.js";
import { arbitraryOf, mutationsOf, pass, runProperty } from "../../index.js";
import { answersBadInput } from "../bad-input.js";
import type { NetCheck } from "../check-type.js";
import { also, doc, said } from "../doc.js";
import { idOf, joinAll, joinAs } from "../join.js";
import { freshNames } from "../names.js";

/**
 * Targets that are neither null, a name nor an array: what the real server crashes on (REAL-SERVERS.md). Judged by
 * their wire form, since Socket.IO sends JSON: ±Infinity arrives as `null`, a broadcast the server rightly serves.
 */
const strangeTargets = fc
  .oneof(
    fc.integer(),
    fc.double({ noNaN: true }),
    fc.boolean(),
    fc.dictionary(fc.string(), fc.jsonValue(), { minKeys: 1 }),
  )
  .filter((t) => !targetSchema.safeParse(JSON.parse(JSON.stringify(t))).success);

const namesOnly = (target: unknown): boolean => Array.isArray(target) && target.every((n) => typeof n === "string");

export const badInputChecks: NetCheck[] = [
  {
    id: "command-network.command.bad-target",
    level: "should",
    hostile: true,
    doc: doc("Sending Commands", said.targetNone),
    title: "answers a target that is neither null, a name nor an array with a failure or not at all, and keeps serving",
    run: async (ctx) => {
      const names = freshNames(ctx.fixtures.namePrefix);
      const [probe, sender] = await joinAll(ctx.clients, names, ["probe", "sender"]);
      let n = 0;
      const payloads = fc.tuple(arbitraryOf(commandRequestSchema.pick({ meta: true })), strangeTargets);
      return runProperty(ctx, payloads, ([body, target]) =>
        answersBadInput(
          sender,
          probe,
          "command",
          {
            description: `target ${JSON.stringify(target)}`,
            value: { ...body, command: names(`bad-target-${++n}`), target },
          },
          " (the real socket-central-server crashes the whole process on such a target)",
        ),
      );
    },
  },
  {
    id: "command-network.command.bad-payload",
    level: "should",
    hostile: true,
    doc: doc("Sending Commands", said.meta),
    title: "answers a command payload that does not fit the document with a failure or not at all, and keeps serving",
    run: async (ctx) => {
      const names = freshNames(ctx.fixtures.namePrefix);
      const [probe, sender] = await joinAll(ctx.clients, names, ["probe", "sender"]);
      const valid = { command: names("bad-payload"), meta: { n: 1 }, target: [names("probe")], mirror: false };
      // A target entry changed to another string ("" included) only names a client never registered, whom
      // § Sending Commands lets the command skip: not bad input.
      const invalid = mutationsOf(commandRequestSchema, valid).filter(
        (m) => !(m.description.includes("target[") && namesOnly((m.value as { target?: unknown }).target)),
      );
      return runProperty(ctx, invalid, (mutation) => answersBadInput(sender, probe, "command", mutation));
    },
  },
  {
    id: "command-network.connection.unknown-event",
    level: "should",
    doc: doc("Theory", said.actions, also.unknownEvent),
    title: "ignores an event the document does not name, and the connection stays usable",
    run: async (ctx) => {
      const names = freshNames(ctx.fixtures.namePrefix);
      const client = await joinAs(ctx.clients, names("sender"));
      // DECISIONS.md D15: no answer is required; only that the connection keeps working.
      client.emit("volley_unknown_event", { probe: true });
      await idOf(client);
      return pass();
    },
  },
];
