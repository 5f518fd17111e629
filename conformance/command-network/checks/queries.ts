import { getIdRequestSchema, pastCommandSchema } from "../../../protocols/command-network/index.js";
import { Mismatch, mutationsOf, pass, runProperty, type SioClient } from "../../index.js";
import { act, expectFailure, expectRefused, expectSuccess, issue } from "../ack.js";
import { answersBadInput } from "../bad-input.js";
import type { NetCheck } from "../check-type.js";
import { also, doc, said } from "../doc.js";
import { clientEntryOf, documentedAnswer, documentedClientsAnswer, documentedPastAnswer } from "../documented.js";
import { idAnswer, idOf, joinAs, ownIdOf } from "../join.js";
import { freshNames } from "../names.js";
import { listed, recorded, type Sent } from "../recorded.js";
import { setUp } from "../setup.js";

/** Three commands from `sender` (a broadcast and two arrays), none refused: what past commands must show. */
async function sendThree(sender: SioClient, names: (label: string) => string): Promise<Sent[]> {
  const sent: Sent[] = [
    { command: names("broadcast"), meta: { n: 1, list: ["a"] }, target: null },
    { command: names("to-one"), meta: "text", target: [names("reader")] },
    { command: names("to-many"), meta: null, target: [names("reader"), names("sender")] },
  ];
  for (const cmd of sent) await issue(sender, [cmd], `command ${cmd.command}`);
  return sent;
}

export const queryChecks: NetCheck[] = [
  {
    id: "command-network.get-id.own",
    level: "must",
    doc: doc("Theory", said.getId),
    title: "get_id without an appName answers the caller's own id, the same as get_id of its own name",
    run: async (ctx) => {
      const name = freshNames(ctx.fixtures.namePrefix)("self");
      const client = await joinAs(ctx.clients, name);
      const own = await idOf(client);
      const byName = await idAnswer(client, name);
      if (own !== byName.id)
        throw new Mismatch({
          title: "get_id of one's own name differs from get_id without an appName",
          expected: { success: true, id: own },
          actual: byName,
        });
      return pass();
    },
  },
  {
    id: "command-network.get-id.other",
    level: "must",
    doc: doc("Other Functions", said.getIdApp),
    title: "get_id of another app's name answers that app's own id, unique to it",
    run: async (ctx) => {
      const names = freshNames(ctx.fixtures.namePrefix);
      const a = await joinAs(ctx.clients, names("a"));
      const b = await joinAs(ctx.clients, names("b"));
      const idA = await ownIdOf(a);
      const seen = await idAnswer(b, names("a"));
      if (seen.id !== idA)
        throw new Mismatch({
          title: "get_id of another app differs from that app's own id",
          expected: { success: true, id: idA },
          actual: seen,
        });
      const idB = await setUp("ownId", () => idAnswer(b));
      if (idB.id === idA)
        throw new Mismatch({
          title: "two apps share one id (the document: a unique identifier)",
          expected: `an id other than ${idA}`,
          actual: idB,
        });
      return pass();
    },
  },
  {
    id: "command-network.get-id.unknown-refused",
    level: "must",
    doc: doc("Other Functions", said.getIdApp),
    title: "answers no id to get_id of a name never registered (any failure, or no answer)",
    run: async (ctx) => {
      const names = freshNames(ctx.fixtures.namePrefix);
      const client = await joinAs(ctx.clients, names("asker"));
      const appName = names("never-registered");
      await expectRefused(client, "get_id", [{ appName }], "get_id of a name never registered");
      return pass();
    },
  },
  {
    id: "command-network.get-id.unknown-440",
    level: "should",
    doc: doc("Other Functions", said.getIdApp, also.code440),
    title: "answers 440 to get_id of a name never registered",
    run: async (ctx) => {
      const names = freshNames(ctx.fixtures.namePrefix);
      const client = await joinAs(ctx.clients, names("asker"));
      const ack = await act(client, "get_id", [{ appName: names("never-registered") }], documentedAnswer);
      expectFailure(ack, 440, "get_id of a name never registered");
      return pass();
    },
  },
  {
    id: "command-network.get-clients.lists-registered",
    level: "must",
    doc: doc("Theory", said.getClients),
    title: "get_clients lists every registered app by name with its id, connected: true and a last connection time",
    run: async (ctx) => {
      const names = freshNames(ctx.fixtures.namePrefix);
      const a = await joinAs(ctx.clients, names("a"));
      const b = await joinAs(ctx.clients, names("b"));
      const ack = await act(b, "get_clients", [], documentedClientsAnswer);
      expectSuccess(ack, "get_clients");
      for (const [name, client] of [
        [names("a"), a],
        [names("b"), b],
      ] as const) {
        const id = await ownIdOf(client);
        const entry = clientEntryOf(ack, name);
        if (entry?.id !== id || !entry.connected) {
          throw new Mismatch({
            title: `get_clients does not list ${name} connected with its id`,
            expected: { clients: { [name]: { id, connected: true, lastConnected: "a time" } } },
            actual: ack,
          });
        }
      }
      return pass();
    },
  },
  {
    id: "command-network.get-past-commands.records",
    level: "must",
    doc: doc("Theory", said.pastCommands),
    title: "get_past_commands lists, to another client, the commands a client issued, with the meta and target sent",
    run: async (ctx) => {
      const names = freshNames(ctx.fixtures.namePrefix);
      const sender = await joinAs(ctx.clients, names("sender"));
      const reader = await joinAs(ctx.clients, names("reader"));
      const sent = await sendThree(sender, names);
      const ack = await act(reader, "get_past_commands", [], documentedPastAnswer);
      expectSuccess(ack, "get_past_commands");
      for (const cmd of sent) {
        if (!ack.commands.some((entry) => listed(entry, cmd))) {
          throw new Mismatch({
            title: `get_past_commands does not list the command ${cmd.command} as sent`,
            expected: { command: cmd.command, meta: cmd.meta, target: cmd.target },
            actual: ack,
          });
        }
      }
      return pass();
    },
  },
  {
    id: "command-network.get-past-commands.fields",
    level: "should",
    doc: doc("Theory", said.pastCommands, also.pastFields),
    title: "each past command carries timestamp, source (the sender's name or id), target, command and meta",
    run: async (ctx) => {
      const names = freshNames(ctx.fixtures.namePrefix);
      const sender = await joinAs(ctx.clients, names("sender"));
      const reader = await joinAs(ctx.clients, names("reader"));
      const sent = await sendThree(sender, names);
      const source = [names("sender"), await ownIdOf(sender)];
      const ack = await act(reader, "get_past_commands", [], documentedPastAnswer);
      expectSuccess(ack, "get_past_commands");
      const commands = ack.commands.flatMap((entry) => pastCommandSchema.safeParse(entry).data ?? []);
      for (const cmd of sent) {
        if (!commands.some((entry) => recorded(entry, cmd, source))) {
          throw new Mismatch({
            title: `get_past_commands does not list ${cmd.command} as {timestamp, source, target, command, meta}`,
            expected: { timestamp: "a number", source: source[0], ...cmd },
            actual: ack,
          });
        }
      }
      return pass();
    },
  },
  {
    id: "command-network.get-id.bad-payload",
    level: "should",
    hostile: true,
    doc: doc("Other Functions", said.getIdApp),
    title: "answers a get_id whose appName is not a string with a failure or not at all, and keeps serving",
    run: async (ctx) => {
      const names = freshNames(ctx.fixtures.namePrefix);
      const probe = await joinAs(ctx.clients, names("probe"));
      const sender = await joinAs(ctx.clients, names("sender"));
      // Only a bad appName: the payload itself is optional (a missing one asks for one's own id, D6 and D8), so a
      // server may read any payload that is not an object as none.
      const mutations = mutationsOf(getIdRequestSchema, { appName: names("probe") }).filter(
        (m) => typeof m.value === "object" && m.value !== null && !Array.isArray(m.value),
      );
      return runProperty(ctx, mutations, (mutation) => answersBadInput(sender, probe, "get_id", mutation));
    },
  },
];
