import {
  commandAckSchema,
  getClientsAckSchema,
  registerAckSchema,
  registerRequestSchema,
} from "../../../protocols/command-network/index.js";
import { arbitraryOf, type CheckContext, Mismatch, mutationsOf, pass, runProperty } from "../../index.js";
import { act, expectFailure, expectSuccess } from "../ack.js";
import { answersBadInput } from "../bad-input.js";
import type { NetCheck } from "../check-type.js";
import { expectDelivery } from "../deliveries.js";
import { realServer, section } from "../doc.js";
import { expectEvent } from "../expect-event.js";
import type { CommandNetworkFixtures } from "../fixtures.js";
import { idOf, joinAs } from "../join.js";
import { freshNames } from "../names.js";
import { expectResult } from "../target-results.js";
import { untilDisconnected } from "../until-disconnected.js";

/** A name held by `holder` and a second connection that just tried to register it too. */
async function registerTakenName(ctx: CheckContext<CommandNetworkFixtures>) {
  const name = freshNames(ctx.fixtures.namePrefix)("taken");
  const holder = await joinAs(ctx.clients, name);
  const second = await ctx.clients.connect({ namespace: "/" });
  const ack = await act(second, "register", [{ name }], registerAckSchema);
  return { name, holder, second, ack };
}

export const registerChecks: NetCheck[] = [
  {
    id: "command-network.register.new-name",
    level: "must",
    doc: realServer,
    title: "acks {success: true, newClient: true} to any name never registered",
    run: (ctx) =>
      // The generated name follows a random prefix, so that every run's names are new to the target.
      runProperty(ctx, arbitraryOf(registerRequestSchema), async ({ name }) => {
        const fresh = freshNames(ctx.fixtures.namePrefix)(name);
        const client = await ctx.clients.connect({ namespace: "/" });
        const ack = await act(client, "register", [{ name: fresh }], registerAckSchema);
        if (!ack.success || !ack.newClient) {
          throw new Mismatch({
            title: "a new name is not registered as new",
            expected: { success: true, newClient: true },
            actual: ack,
          });
        }
        client.close();
      }),
  },
  {
    id: "command-network.register.registered-event",
    level: "must",
    doc: realServer,
    title: "emits `registered` to a connection whose register succeeded",
    run: async (ctx) => {
      const client = await joinAs(ctx.clients, freshNames(ctx.fixtures.namePrefix)("app"));
      await expectEvent(client, "registered");
      return pass();
    },
  },
  {
    id: "command-network.register.returning-name",
    level: "must",
    doc: section("Theory"),
    title: "registers a soft-disconnected name again with newClient: false and the same id",
    run: async (ctx) => {
      const names = freshNames(ctx.fixtures.namePrefix);
      const observer = await joinAs(ctx.clients, names("observer"));
      const name = names("returning");
      const first = await joinAs(ctx.clients, name);
      const id = await idOf(first);
      first.close();
      await untilDisconnected(observer, name, ctx.timeoutMs);
      const again = await ctx.clients.connect({ namespace: "/" });
      const ack = await act(again, "register", [{ name }], registerAckSchema);
      if (!ack.success || ack.newClient) {
        throw new Mismatch({
          title: "a returning name is not registered as returning",
          expected: { success: true, newClient: false },
          actual: ack,
        });
      }
      const idAgain = await idOf(again);
      if (idAgain !== id) {
        throw new Mismatch({
          title: "a returning name has a new id (the id is the client's, kept in the list of registered clients)",
          expected: id,
          actual: idAgain,
        });
      }
      return pass();
    },
  },
  {
    id: "command-network.register.name-in-use-450",
    level: "must",
    doc: realServer,
    title: "answers 450 to a register of a name another connection holds",
    run: async (ctx) => {
      const { ack } = await registerTakenName(ctx);
      expectFailure(ack, 450, "register of a name in use");
      return pass();
    },
  },
  {
    id: "command-network.register.name-in-use-closes",
    level: "must",
    doc: realServer,
    title: "closes the connection it answered 450",
    run: async (ctx) => {
      const { second } = await registerTakenName(ctx);
      await expectEvent(second, "disconnect");
      return pass();
    },
  },
  {
    id: "command-network.register.name-in-use-holder-kept",
    level: "must",
    doc: realServer,
    title: "leaves the name with its holder after a 450: same id, still connected, still receiving",
    run: async (ctx) => {
      const { name, holder, second } = await registerTakenName(ctx);
      await second.next("disconnect");
      const sender = await joinAs(ctx.clients, freshNames(ctx.fixtures.namePrefix)("sender"));
      const ownId = await idOf(holder);
      const list = await act(sender, "get_clients", [], getClientsAckSchema);
      expectSuccess(list, "get_clients");
      const entry = list.clients[name];
      if (entry?.id !== ownId || !entry.connected) {
        throw new Mismatch({
          title: "the name's holder is not listed connected with its id after a 450",
          expected: { id: ownId, connected: true },
          actual: entry ?? "not listed",
        });
      }
      const sent = { command: freshNames(ctx.fixtures.namePrefix)("ping"), meta: { after: 450 } };
      const ack = await act(sender, "command", [{ ...sent, target: name }], commandAckSchema);
      expectResult(ack, name, true, "delivered");
      await expectDelivery(holder, sent, ctx.timeoutMs, "the holder of the name after another connection's 450");
      return pass();
    },
  },
  {
    id: "command-network.register.bad-payload",
    level: "should",
    doc: section("Theory"),
    title: "answers a register without a non-empty string name with a failure or not at all, and keeps serving",
    run: async (ctx) => {
      const probe = await joinAs(ctx.clients, freshNames(ctx.fixtures.namePrefix)("probe"));
      const valid = { name: freshNames(ctx.fixtures.namePrefix)("bad") };
      return runProperty(ctx, mutationsOf(registerRequestSchema, valid), async (mutation) => {
        const client = await ctx.clients.connect({ namespace: "/" });
        await answersBadInput(client, probe, "register", mutation);
        client.close();
      });
    },
  },
];
