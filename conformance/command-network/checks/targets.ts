import { Mismatch, pass, type SioClient, skip } from "../../index.js";
import { act, expectSuccess } from "../ack.js";
import type { NetCheck } from "../check-type.js";
import { also, doc, said } from "../doc.js";
import { clientEntryOf, documentedAnswer, documentedClientsAnswer } from "../documented.js";
import { joinAll, joinAs } from "../join.js";
import { freshNames } from "../names.js";
import { type Expected, expectResult } from "../target-results.js";
import { afterDisconnect } from "../until-disconnected.js";

/** Sends one command to `name` alone and one to `[name]`: both must give `want` as that target's result. */
async function expectBothForms(sender: SioClient, command: string, name: string, want: Expected) {
  for (const [target, single] of [
    [name, true],
    [[name], false],
  ] as const) {
    const ack = await act(sender, "command", [{ command, meta: null, target }], documentedAnswer);
    expectResult(ack, name, single, want);
  }
}

export const targetChecks: NetCheck[] = [
  {
    id: "command-network.command.target-unregistered-440",
    level: "should",
    doc: doc("Sending Commands", said.targetArray, also.target440),
    title: "answers 440 for a target never registered, alone or among delivered targets (the ack's success is free)",
    run: async (ctx) => {
      const names = freshNames(ctx.fixtures.namePrefix);
      const [sender] = await joinAll(ctx.clients, names, ["sender", "t"]);
      const ghost = names("never-registered");
      await expectBothForms(sender, names("to-ghost"), ghost, 440);
      const ack = await act(
        sender,
        "command",
        [{ command: names("mixed"), meta: null, target: [names("t"), ghost] }],
        documentedAnswer,
      );
      expectResult(ack, names("t"), false, "delivered");
      expectResult(ack, ghost, false, 440);
      return pass();
    },
  },
  {
    id: "command-network.command.target-disconnected-441",
    level: "should",
    doc: doc("Sending Commands", said.targetArray, also.target441),
    title: "answers 441 for a target that registered and then disconnected",
    run: async (ctx) => {
      const names = freshNames(ctx.fixtures.namePrefix);
      const sender = await joinAs(ctx.clients, names("sender"));
      const gone = await joinAs(ctx.clients, names("gone"));
      gone.close();
      await afterDisconnect(sender, names("gone"), ctx.timeoutMs);
      await expectBothForms(sender, names("to-gone"), names("gone"), 441);
      return pass();
    },
  },
  {
    id: "command-network.command.known-client-441",
    level: "should",
    doc: doc("Sending Commands", said.targetArray, also.target441),
    title: "answers 441 for the fixtures' knownClients, which get_clients lists as not connected",
    run: async (ctx) => {
      const known = ctx.fixtures.knownClients;
      if (known.length === 0) {
        return skip("no knownClients in the fixtures: give `--fixtures` a file naming registered, not connected apps");
      }
      const sender = await joinAs(ctx.clients, freshNames(ctx.fixtures.namePrefix)("sender"));
      const list = await act(sender, "get_clients", [], documentedClientsAnswer);
      expectSuccess(list, "get_clients");
      for (const name of known) {
        if (clientEntryOf(list, name)?.connected !== false) {
          throw new Mismatch({
            title: `the fixtures' known client ${JSON.stringify(name)} is not listed as not connected`,
            expected: { clients: { [name]: { connected: false } } },
            actual: list,
          });
        }
        await expectBothForms(sender, freshNames(ctx.fixtures.namePrefix)("to-known"), name, 441);
      }
      return pass();
    },
  },
];
