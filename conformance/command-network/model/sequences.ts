import fc from "fast-check";
import { commandRequestSchema } from "../../../protocols/command-network/index.js";
import { arbitraryOf, type CheckContext, runModel } from "../../index.js";
import type { NetCheck } from "../check-type.js";
import { doc, said } from "../doc.js";
import type { CommandNetworkFixtures } from "../fixtures.js";
import { joinAs, registered } from "../join.js";
import { freshNames } from "../names.js";
import { CloseCommand } from "./commands/close.js";
import { GetClientsCommand, GetIdCommand, GetPastCommandsCommand } from "./commands/queries.js";
import { ReconnectCommand } from "./commands/reconnect.js";
import { RegisterCommand } from "./commands/register.js";
import { SendCommand, type TargetSpec } from "./commands/send.js";
import { expectNoStray } from "./fan-out.js";
import { freshModel, KNOWN, type NetReal, openSlots, POOL, SLOTS } from "./model.js";

const slot = fc.nat({ max: SLOTS - 1 });
const registrable = fc.nat({ max: POOL - 1 });
/** A pool name, the ghost or the known client. */
const anyName = fc.nat({ max: KNOWN });
const targets: fc.Arbitrary<TargetSpec> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("all" as const), mirror: fc.boolean() }), weight: 3 },
  {
    arbitrary: fc.record({
      kind: fc.constant("many" as const),
      names: fc.uniqueArray(anyName, { minLength: 1, maxLength: KNOWN + 1 }),
    }),
    weight: 3,
  },
);
/** `{command, meta}` from the protocol's schema; the command is made unique when it is sent. */
const bodies = arbitraryOf(commandRequestSchema.pick({ command: true, meta: true }));

const register = fc.tuple(slot, registrable).map(([s, n]) => new RegisterCommand(s, n));
const send = fc.tuple(slot, targets, bodies).map(([s, t, b]) => new SendCommand(s, t, b));
const close = slot.map((s) => new CloseCommand(s));
/** Listed several times to weigh them: fast-check's sequences are short (about 5 commands on average). */
const commands = [
  register,
  register,
  send,
  send,
  send,
  send,
  send,
  send,
  send,
  send,
  close,
  close,
  close,
  slot.map((s) => new ReconnectCommand(s)),
  slot.map((s) => new GetClientsCommand(s)),
  slot.map((s) => new GetPastCommandsCommand(s)),
  fc.tuple(slot, fc.option(anyName, { nil: undefined })).map(([s, n]) => new GetIdCommand(s, n)),
];

async function setup(ctx: CheckContext<CommandNetworkFixtures>) {
  const names = freshNames(ctx.fixtures.namePrefix);
  const observer = await registered(ctx.clients, names("observer"));
  const clients = [];
  for (let i = 0; i < SLOTS; i++) clients.push(await ctx.clients.connect({ namespace: "/" }));
  const known = ctx.fixtures.knownClients[0];
  const model = freshModel(known !== undefined);
  const real: NetReal = {
    ctx,
    names: [...Array.from({ length: POOL }, (_, i) => names(`n${i}`)), names("ghost"), known ?? names("ghost-2")],
    model,
    observer,
    clients,
    commandPrefix: names("cmd-"),
    commandsSent: 0,
    broadcasts: new Set(),
    failed: false,
  };
  // Every sequence starts with s0 registered as n0 and s1 as n1 (s2 is not), so that even a short sequence sends
  // commands between registered clients. No close here: its client_disconnect carries an id, which a fresh server
  // draws anew, so a counterexample's transcript would no longer replay exactly (volley replay).
  await new RegisterCommand(0, 0).run(model, real);
  await new RegisterCommand(1, 1).run(model, real);
  return { model, real };
}

/**
 * The end of a sequence: one round trip on every open connection (a server handles a connection's packets in
 * order, so whatever it sent there before is in by then), then no connection may hold a command the model did
 * not send it. Skipped after a departure, which then stands as found.
 */
async function sweep(r: NetReal): Promise<void> {
  if (r.failed) return;
  const { registered, unregistered } = openSlots(r.model, r);
  const all = [r.observer, ...registered.map((o) => o.client), ...unregistered.map((o) => o.client)];
  await Promise.all(all.map((c) => c.emitAck("get_id", [{}])));
  // Connections that never registered may hold broadcasts (D1): expectNoStray lets those pass.
  for (const c of all) await expectNoStray(c, r, "that the model did not send it");
}

export const modelCheck: NetCheck = {
  id: "command-network.model.sequences",
  level: "must",
  doc: doc("Theory", said.command),
  title:
    "random sequences of register, command, close, reconnect, get_id, get_clients and get_past_commands by several clients agree with the model, every delivery included",
  run: async (ctx) => {
    // Each sequence's set-up registers clients inside the property, where a failure is the model's; this probe
    // first, outside it, reports a target that registers nobody as blocked by that step.
    (await joinAs(ctx.clients, freshNames(ctx.fixtures.namePrefix)("probe"))).close();
    return runModel(ctx, { commands, setup: () => setup(ctx), teardown: sweep, maxCommands: 15 });
  },
};
