import { z } from "zod";
import {
  type ClientToServerEvents,
  clientEventNames,
  commandAckSchema,
  failureAckSchema,
} from "../../../protocols/command-network/index.js";
import { pass } from "../../index.js";
import { act, expectFailure } from "../ack.js";
import type { NetCheck } from "../check-type.js";
import { expectNoDelivery } from "../deliveries.js";
import { realServer } from "../doc.js";
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

/** Any ack shape of the action: only its being a 480 failure is checked. */
const anyAck = z.union([failureAckSchema, commandAckSchema, z.object({ success: z.literal(true) })]);

/** REAL-SERVERS.md: "Before registering, every action acks {success:false, error:480, message}", one check each. */
const actionChecks: NetCheck[] = clientEventNames
  .filter((event): event is Action => event !== "register")
  .map((action) => ({
    id: `command-network.unregistered.${action.replaceAll("_", "-")}-480`,
    level: "must",
    doc: realServer,
    title: `answers 480 to ${action} before register`,
    run: async (ctx) => {
      const client = await ctx.clients.connect({ namespace: "/" });
      const command = freshNames(ctx.fixtures.namePrefix)("unregistered");
      const ack = await act(client, action, argsOf(action, command), anyAck);
      expectFailure(ack, 480, `${action} before register`);
      return pass();
    },
  }));

export const unregisteredChecks: NetCheck[] = [
  ...actionChecks,
  {
    id: "command-network.unregistered.command-not-delivered",
    level: "should",
    doc: realServer,
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
