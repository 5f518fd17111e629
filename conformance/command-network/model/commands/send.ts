import type { Target } from "../../../../protocols/command-network/index.js";
import type { SioClient } from "../../../index.js";
import { expectNotFailed, expectRefused } from "../../ack.js";
import { expectFanOut } from "../fan-out.js";
import { holderOf, label, type NetModel, type NetReal, openSlots } from "../model.js";
import { NetCommand } from "../net-command.js";

/**
 * Whom a command goes to: everybody (with or without mirror) or an array of distinct names. A single name is sent
 * as a one-element array: a string target is REAL-SERVERS.md's, not the document's (command.named-target asks it).
 */
export type TargetSpec =
  | { readonly kind: "all"; readonly mirror: boolean }
  | { readonly kind: "many"; readonly names: readonly number[] };

const targetNames = (spec: TargetSpec): readonly number[] => (spec.kind === "all" ? [] : spec.names);

/**
 * command-network.md § Sending Commands. Targeting one's own name is left out: whether `mirror` matters then is
 * not settled (DECISIONS.md D9), and neither are repeated names or an empty array. The document names no answer to
 * a command: when it can be done as asked (a broadcast, or live targets only) any answer but a failure, or none, is
 * taken; otherwise any answer (the should checks command.target-* ask REAL-SERVERS.md's per-target results).
 */
export class SendCommand extends NetCommand {
  constructor(
    slot: number,
    readonly spec: TargetSpec,
    readonly body: { readonly command: string; readonly meta?: unknown },
  ) {
    super(slot);
  }

  check(m: Readonly<NetModel>): boolean {
    const s = m.slots[this.slot];
    return s?.open === true && (s.name === undefined || !targetNames(this.spec).includes(s.name));
  }

  protected async act(m: NetModel, r: NetReal): Promise<void> {
    const sender = this.clientOf(r);
    const senderName = m.slots[this.slot]?.name;
    const sent = { command: `${r.commandPrefix}${++r.commandsSent}:${this.body.command}`, meta: this.body.meta };
    const target: Target = this.spec.kind === "all" ? null : targetNames(this.spec).map((i) => r.names[i] ?? "");
    const mirror = this.spec.kind === "all" ? { mirror: this.spec.mirror } : {};
    const args = [{ ...sent, target, ...mirror }];
    const { registered, unregistered } = openSlots(m, r);
    const everyone = [r.observer, ...registered.map((o) => o.client), ...unregistered.map((o) => o.client)];
    if (senderName === undefined) {
      // § Theory: "a client must register"; a refused command reaches nobody.
      await expectRefused(sender, "command", args, "command before register");
      return expectFanOut(r, sent, [], everyone);
    }
    const got = await sender.emitAck("command", args);
    let receivers: SioClient[];
    if (this.spec.kind === "all") {
      expectNotFailed(got, `command ${sent.command}`);
      const withSender = this.spec.mirror ? registered : registered.filter((o) => o.slot !== this.slot);
      receivers = [r.observer, ...withSender.map((o) => o.client)];
      // Connections that never registered may get it too: D1 lets only a `should` check forbid them a broadcast.
      r.broadcasts.add(sent.command);
      await expectFanOut(r, sent, receivers, others(everyone, receivers));
    } else {
      receivers = targetNames(this.spec).flatMap((index) => r.clients[holderOf(m, index)] ?? []);
      const allLive = receivers.length === targetNames(this.spec).length;
      if (allLive) expectNotFailed(got, `command ${sent.command}`);
      await expectFanOut(r, sent, receivers, others(everyone, receivers));
      if (!allLive) return;
    }
    m.issued.push({ command: sent.command, meta: sent.meta, target });
  }

  toString = () => {
    const t =
      this.spec.kind === "all"
        ? `all${this.spec.mirror ? ", mirror" : ""}`
        : `[${this.spec.names.map((i) => label(i)).join(",")}]`;
    return `s${this.slot}.command(${t}, ${JSON.stringify(this.body)})`;
  };
}

const others = (all: readonly SioClient[], receivers: readonly SioClient[]) =>
  all.filter((c) => !receivers.includes(c));
