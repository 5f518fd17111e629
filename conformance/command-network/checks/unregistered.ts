import { type ClientToServerEvents, clientEventNames } from "../../../protocols/command-network/index.js";
import { pass } from "../../index.js";
import { act, expectFailure, expectRefused } from "../ack.js";
import type { NetCheck } from "../check-type.js";
import { expectNoDelivery } from "../deliveries.js";
import { also, doc, said } from "../doc.js";
import { documentedAnswer } from "../documented.js";
import { joinAs } from "../join.js";
import { freshNames } from "../names.js";

type Action = Exclude<keyof ClientToServerEvents, "register">;

/** The arguments before the ack for each action but register; a command's name is filled in per check. */
const argsOf = (action: Action, command: string): unknown[] =>
  ({
    get_id: [{}],
    get_clients: [],
    get_past_commands: [],
    command: [{ command, meta: null, target: null }],
  })[action];

const actions = clientEventNames.filter((event): event is Action => event !== "register");
const idPart = (action: Action) => action.replaceAll("_", "-");

/**
 * § Theory: "a client must register", then it has its actions. The document names no failure, so any answer but a
 * success, or none, is a refusal (`must`); REAL-SERVERS.md's 480 is a `should` of its own.
 */
const refusedChecks: NetCheck[] = actions.map((action) => ({
  id: `command-network.unregistered.${idPart(action)}-refused`,
  level: "must",
  doc: doc("Theory", said.register),
  title: `refuses ${action} before register (any failure, or no answer)`,
  run: async (ctx) => {
    const client = await ctx.clients.connect({ namespace: "/" });
    const command = freshNames(ctx.fixtures.namePrefix)("unregistered");
    await expectRefused(client, action, argsOf(action, command), `${action} before register`);
    return pass();
  },
}));

const codeChecks: NetCheck[] = actions.map((action) => ({
  id: `command-network.unregistered.${idPart(action)}-480`,
  level: "should",
  doc: doc("Theory", said.register, also.code480),
  title: `answers 480 to ${action} before register`,
  run: async (ctx) => {
    const client = await ctx.clients.connect({ namespace: "/" });
    const command = freshNames(ctx.fixtures.namePrefix)("unregistered");
    const ack = await act(client, action, argsOf(action, command), documentedAnswer);
    expectFailure(ack, 480, `${action} before register`);
    return pass();
  },
}));

export const unregisteredChecks: NetCheck[] = [
  ...refusedChecks,
  ...codeChecks,
  {
    id: "command-network.unregistered.command-not-delivered",
    level: "should",
    doc: doc("Theory", said.register),
    title: "does not deliver a command sent before register",
    run: async (ctx) => {
      const names = freshNames(ctx.fixtures.namePrefix);
      const listener = await joinAs(ctx.clients, names("listener"));
      const stranger = await ctx.clients.connect({ namespace: "/" });
      const command = names("from-stranger");
      await stranger.emitAck("command", [{ command, meta: null, target: null }]);
      await expectNoDelivery([listener], command, ctx.silenceMs, "from a connection that never registered");
      return pass();
    },
  },
];
