import { registerRequestSchema } from "../../../protocols/command-network/index.js";
import { arbitraryOf, type CheckContext, Mismatch, mutationsOf, pass, runProperty } from "../../index.js";
import { ackOf, act, expectFailure, expectSuccess } from "../ack.js";
import { answersBadInput } from "../bad-input.js";
import type { NetCheck } from "../check-type.js";
import { expectDelivery } from "../deliveries.js";
import { also, doc, said } from "../doc.js";
import { clientEntryOf, documentedAnswer, documentedClientsAnswer } from "../documented.js";
import { expectEvent } from "../expect-event.js";
import type { CommandNetworkFixtures } from "../fixtures.js";
import { idAnswer, joinAs, ownIdOf } from "../join.js";
import { freshNames } from "../names.js";
import { registerName } from "../register-name.js";
import { afterDisconnect } from "../until-disconnected.js";

/**
 * A name held by `holder` and a second connection that just tried to register it too, with what came back: an ack
 * or none (the document gives register no return value; only name-in-use-450 requires one).
 */
async function registerTakenName(ctx: CheckContext<CommandNetworkFixtures>) {
  const name = freshNames(ctx.fixtures.namePrefix)("taken");
  const holder = await joinAs(ctx.clients, name);
  const second = await ctx.clients.connect({ namespace: "/" });
  const got = await second.emitAck("register", [{ name }]);
  return { name, holder, second, got };
}

/** Registers `name` on a new connection and returns the connection and the whole ack, whatever it says. */
async function registerOnce(ctx: CheckContext<CommandNetworkFixtures>, name: string) {
  const client = await ctx.clients.connect({ namespace: "/" });
  return { client, ack: await act(client, "register", [{ name }], documentedAnswer) };
}

export const registerChecks: NetCheck[] = [
  {
    id: "command-network.register.new-name",
    level: "must",
    doc: doc("Theory", said.register),
    title: "registers any name never registered (a success ack, or none and get_id of itself answers an id)",
    run: (ctx) =>
      // The generated name follows a random prefix, so that every run's names are new to the target.
      runProperty(ctx, arbitraryOf(registerRequestSchema), async ({ name }) => {
        const client = await ctx.clients.connect({ namespace: "/" });
        await registerName(ctx.clients, client, freshNames(ctx.fixtures.namePrefix)(name), "register of a new name");
        client.close();
      }),
  },
  {
    id: "command-network.register.new-client-flag",
    level: "should",
    doc: doc("Theory", said.keepTrack, also.newClient),
    title: "acks newClient: true to a new name and newClient: false when it registers again",
    run: async (ctx) => {
      const names = freshNames(ctx.fixtures.namePrefix);
      const observer = await joinAs(ctx.clients, names("observer"));
      const first = await registerOnce(ctx, names("app"));
      if (first.ack.success !== true || first.ack.newClient !== true) {
        throw new Mismatch({
          title: "a new name is not acked as new",
          expected: { success: true, newClient: true },
          actual: first.ack,
        });
      }
      first.client.close();
      await afterDisconnect(observer, names("app"), ctx.timeoutMs);
      const again = await registerOnce(ctx, names("app"));
      if (again.ack.success !== true || again.ack.newClient !== false) {
        throw new Mismatch({
          title: "a returning name is not acked as returning",
          expected: { success: true, newClient: false },
          actual: again.ack,
        });
      }
      return pass();
    },
  },
  {
    id: "command-network.register.registered-event",
    level: "should",
    doc: doc("Theory", said.register, also.registered),
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
    doc: doc("Theory", said.disconnect),
    title: "registers a soft-disconnected name again, with the same id, listed connected again",
    run: async (ctx) => {
      const names = freshNames(ctx.fixtures.namePrefix);
      const observer = await joinAs(ctx.clients, names("observer"));
      const name = names("returning");
      const first = await joinAs(ctx.clients, name);
      const id = await ownIdOf(first);
      first.close();
      await afterDisconnect(observer, name, ctx.timeoutMs);
      const again = await ctx.clients.connect({ namespace: "/" });
      await registerName(ctx.clients, again, name, "register of a soft-disconnected name");
      const idAgain = await idAnswer(again);
      if (idAgain.id !== id) {
        throw new Mismatch({
          title: "a returning name has a new id (the id is the client's, kept in the list of registered clients)",
          expected: { success: true, id },
          actual: idAgain,
        });
      }
      const list = await act(observer, "get_clients", [], documentedClientsAnswer);
      const entry = list.success ? clientEntryOf(list, name) : undefined;
      if (entry?.connected !== true || entry.id !== id) {
        throw new Mismatch({
          title: `get_clients does not list the returning ${name} connected with its id`,
          expected: { clients: { [name]: { id, connected: true } } },
          actual: list,
        });
      }
      return pass();
    },
  },
  {
    id: "command-network.register.name-in-use-450",
    level: "should",
    doc: doc("Theory", said.keepTrack, also.code450),
    title: "answers 450 to a register of a name another connection holds",
    run: async (ctx) => {
      const { second, got } = await registerTakenName(ctx);
      expectFailure(ackOf(got, documentedAnswer, `${second.name} register`), 450, "register of a name in use");
      return pass();
    },
  },
  {
    id: "command-network.register.name-in-use-closes",
    level: "should",
    doc: doc("Theory", said.keepTrack, also.closes450),
    title: "closes the connection it answered 450",
    run: async (ctx) => {
      const { second } = await registerTakenName(ctx);
      await expectEvent(second, "disconnect");
      return pass();
    },
  },
  {
    id: "command-network.register.name-in-use-holder-kept",
    level: "should",
    doc: doc("Theory", said.keepTrack, also.holderKept),
    title: "leaves the name with its holder after a 450: same id, still connected, still receiving",
    run: async (ctx) => {
      const { name, holder, second } = await registerTakenName(ctx);
      await second.next("disconnect");
      const sender = await joinAs(ctx.clients, freshNames(ctx.fixtures.namePrefix)("sender"));
      const ownId = await ownIdOf(holder);
      const list = await act(sender, "get_clients", [], documentedClientsAnswer);
      expectSuccess(list, "get_clients");
      const entry = clientEntryOf(list, name);
      if (entry?.id !== ownId || !entry.connected) {
        throw new Mismatch({
          title: "the name's holder is not listed connected with its id after a 450",
          expected: { clients: { [name]: { id: ownId, connected: true } } },
          actual: list,
        });
      }
      const sent = { command: freshNames(ctx.fixtures.namePrefix)("ping"), meta: { after: 450 } };
      // Only the delivery shows that the holder kept the name: a per-target result in the ack is
      // command.per-target-results' to require, so that its absence is one failure, not two.
      const ack = await act(sender, "command", [{ ...sent, target: [name] }], documentedAnswer);
      expectSuccess(ack, `command ${sent.command} to the name's holder`);
      await expectDelivery(holder, sent, ctx.timeoutMs, "the holder of the name after another connection's 450");
      return pass();
    },
  },
  {
    id: "command-network.register.bad-payload",
    level: "should",
    hostile: true,
    doc: doc("Theory", said.register),
    title: "answers a register without a non-empty string name with a failure or not at all, and keeps serving",
    run: async (ctx) => {
      const probe = await joinAs(ctx.clients, freshNames(ctx.fixtures.namePrefix)("probe"));
      const valid = { name: freshNames(ctx.fixtures.namePrefix)("bad") };
      // The document asks for "an app name", not a wrapping of it: a bare non-empty string is a name, not bad input.
      const invalid = mutationsOf(registerRequestSchema, valid).filter(
        (m) => typeof m.value !== "string" || m.value === "",
      );
      return runProperty(ctx, invalid, async (mutation) => {
        const client = await ctx.clients.connect({ namespace: "/" });
        // The real socket-central-server crashes on a null payload (it reads `name` of it): hostile, so it runs last.
        await answersBadInput(client, probe, "register", mutation);
        client.close();
      });
    },
  },
];
