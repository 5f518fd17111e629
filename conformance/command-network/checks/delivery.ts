import fc from "fast-check";
import { commandRequestSchema } from "../../../protocols/command-network/index.js";
import { arbitraryOf, pass, runProperty, type SioClient } from "../../index.js";
import { act, expectSuccess, issue } from "../ack.js";
import type { NetCheck } from "../check-type.js";
import { expectDelivery, expectNoDelivery, type SentCommand } from "../deliveries.js";
import { also, doc, said } from "../doc.js";
import { documentedAnswer } from "../documented.js";
import { joinAll, joinAs } from "../join.js";
import { freshNames } from "../names.js";
import { expectResult } from "../target-results.js";
import { afterDisconnect } from "../until-disconnected.js";

/** Generated `{command, meta}` from the protocol's schema; the command gets a unique prefix per execution. */
const commandBodies = arbitraryOf(commandRequestSchema.pick({ command: true, meta: true }));

/** Sends a command that can be done as asked: no answer, or any but a failure (the document names none). */
const send = (sender: SioClient, sent: SentCommand & { target?: unknown; mirror?: unknown }) =>
  issue(sender, [sent], `command ${sent.command}`);

/** Sends a command and requires REAL-SERVERS.md's success ack: for the should checks of per-target results. */
async function sendAcked(sender: SioClient, sent: SentCommand & { target?: unknown }) {
  const ack = await act(sender, "command", [sent], documentedAnswer);
  expectSuccess(ack, `command ${sent.command}`);
  return ack;
}

export const deliveryChecks: NetCheck[] = [
  {
    id: "command-network.command.broadcast-reaches-others",
    level: "must",
    doc: doc("Sending Commands", said.targetNone),
    title: "a command with a null target reaches every other registered client with its {command, meta}",
    run: async (ctx) => {
      const names = freshNames(ctx.fixtures.namePrefix);
      const [sender, b, c] = await joinAll(ctx.clients, names, ["sender", "b", "c"]);
      let n = 0;
      const mirror = fc.constantFrom(false, undefined);
      return runProperty(ctx, fc.tuple(commandBodies, mirror), async ([body, mirrorFlag]) => {
        const sent = { ...body, command: `${names(`broadcast-${++n}`)}:${body.command}` };
        await send(sender, { ...sent, target: null, mirror: mirrorFlag });
        for (const receiver of [b, c]) await expectDelivery(receiver, sent, ctx.timeoutMs, "a broadcast");
      });
    },
  },
  {
    id: "command-network.command.broadcast-skips-sender",
    level: "must",
    doc: doc("Sending Commands", said.mirror),
    title: "a broadcast without mirror does not come back to its sender",
    run: async (ctx) => {
      const names = freshNames(ctx.fixtures.namePrefix);
      const [sender, other] = await joinAll(ctx.clients, names, ["sender", "other"]);
      const sent = { command: names("no-mirror"), meta: { mirror: false } };
      await send(sender, { ...sent, target: null, mirror: false });
      await expectDelivery(other, sent, ctx.timeoutMs, "a broadcast");
      await expectNoDelivery([sender], sent.command, ctx.silenceMs, "it sent itself without mirror");
      return pass();
    },
  },
  {
    id: "command-network.command.mirror-reaches-sender",
    level: "must",
    doc: doc("Sending Commands", said.mirror),
    title: "a broadcast with mirror: true reaches its sender as well as the others",
    run: async (ctx) => {
      const names = freshNames(ctx.fixtures.namePrefix);
      const [sender, other] = await joinAll(ctx.clients, names, ["sender", "other"]);
      const sent = { command: names("mirrored"), meta: [1, 2, 3] };
      await send(sender, { ...sent, target: null, mirror: true });
      await expectDelivery(other, sent, ctx.timeoutMs, "a mirrored broadcast");
      await expectDelivery(sender, sent, ctx.timeoutMs, "its own broadcast with mirror: true");
      return pass();
    },
  },
  {
    id: "command-network.command.broadcast-skips-unregistered",
    level: "should",
    doc: doc("Theory", said.command, also.registeredOnly),
    title: "a broadcast reaches registered clients only, not connections that never registered",
    run: async (ctx) => {
      const names = freshNames(ctx.fixtures.namePrefix);
      const [sender, other] = await joinAll(ctx.clients, names, ["sender", "other"]);
      const stranger = await ctx.clients.connect({ namespace: "/" });
      const sent = { command: names("registered-only"), meta: null };
      await send(sender, { ...sent, target: null });
      await expectDelivery(other, sent, ctx.timeoutMs, "a broadcast");
      // § Theory 4 "broadcast to ... all registered clients"; the real server (socket.broadcast) departs here (D1).
      await expectNoDelivery([stranger], sent.command, ctx.silenceMs, "although it never registered");
      return pass();
    },
  },
  {
    id: "command-network.command.named-target",
    level: "should",
    doc: doc("Sending Commands", said.targetArray, also.stringTarget),
    title: "a command whose target is one name (a string) reaches that client only, and acks its success",
    run: async (ctx) => {
      const names = freshNames(ctx.fixtures.namePrefix);
      const [sender, target, bystander] = await joinAll(ctx.clients, names, ["sender", "t", "x"]);
      const sent = { command: names("to-one"), meta: { to: "t" } };
      const ack = await sendAcked(sender, { ...sent, target: names("t") });
      expectResult(ack, names("t"), true, "delivered");
      await expectDelivery(target, sent, ctx.timeoutMs, "it is the target");
      await expectNoDelivery([sender, bystander], sent.command, ctx.silenceMs, "addressed to another client");
      return pass();
    },
  },
  {
    id: "command-network.command.array-targets",
    level: "must",
    doc: doc("Sending Commands", said.targetArray),
    title: "a command whose target is an array of names reaches exactly those clients",
    run: async (ctx) => {
      const names = freshNames(ctx.fixtures.namePrefix);
      const [sender, t1, t2, bystander] = await joinAll(ctx.clients, names, ["sender", "t1", "t2", "x"]);
      const sent = { command: names("to-many"), meta: "for t1 and t2" };
      await send(sender, { ...sent, target: [names("t1"), names("t2")] });
      for (const receiver of [t1, t2])
        await expectDelivery(receiver, sent, ctx.timeoutMs, "its name is in the target array");
      await expectNoDelivery([sender, bystander], sent.command, ctx.silenceMs, "whose target array does not name it");
      return pass();
    },
  },
  {
    id: "command-network.command.array-registered-only",
    level: "must",
    doc: doc("Sending Commands", said.targetArray),
    title:
      "an array naming a live client, a name never registered and a disconnected one reaches the live client only, whatever the ack says",
    run: async (ctx) => {
      const names = freshNames(ctx.fixtures.namePrefix);
      const [sender, target, bystander, gone] = await joinAll(ctx.clients, names, ["sender", "t", "x", "gone"]);
      gone.close();
      await afterDisconnect(sender, names("gone"), ctx.timeoutMs);
      const sent = { command: names("mixed"), meta: { mixed: true } };
      // The ack is free here: the document has no per-target results (command.per-target-results asks for them).
      await sender.emitAck("command", [{ ...sent, target: [names("never-registered"), names("gone"), names("t")] }]);
      await expectDelivery(target, sent, ctx.timeoutMs, "it is the one live client in the target array");
      await expectNoDelivery([sender, bystander], sent.command, ctx.silenceMs, "whose target array does not name it");
      return pass();
    },
  },
  {
    id: "command-network.command.per-target-results",
    level: "should",
    doc: doc("Sending Commands", said.targetArray, also.perTarget),
    title: "acks a command to an array of names with a success result for each target (under any key)",
    run: async (ctx) => {
      const names = freshNames(ctx.fixtures.namePrefix);
      const [sender] = await joinAll(ctx.clients, names, ["sender", "t1", "t2"]);
      const ack = await sendAcked(sender, {
        command: names("results"),
        meta: null,
        target: [names("t1"), names("t2")],
      });
      for (const t of ["t1", "t2"]) expectResult(ack, names(t), false, "delivered");
      return pass();
    },
  },
  {
    id: "command-network.command.without-ack",
    level: "should",
    doc: doc("Sending Commands", said.targetArray, also.withoutAck),
    title: "a command sent without an ack callback is still delivered",
    run: async (ctx) => {
      // The Python client's send() passes no callback (DECISIONS.md D6).
      const names = freshNames(ctx.fixtures.namePrefix);
      const sender = await joinAs(ctx.clients, names("sender"));
      const target = await joinAs(ctx.clients, names("t"));
      const sent = { command: names("no-ack"), meta: { ack: false } };
      sender.emit("command", { ...sent, target: [names("t")] });
      await expectDelivery(target, sent, ctx.timeoutMs, "sent without an ack callback");
      return pass();
    },
  },
];
