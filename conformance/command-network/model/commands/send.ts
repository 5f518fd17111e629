import { commandAckSchema, type Target } from "../../../../protocols/command-network/index.js";
import type { SioClient } from "../../../index.js";
import { act, expectFailure, expectSuccess } from "../../ack.js";
import { expectResult } from "../../target-results.js";
import { expectFanOut } from "../fan-out.js";
import { expectedFor, holderOf, label, type NetModel, type NetReal, openSlots } from "../model.js";
import { NetCommand } from "../net-command.js";

/** Whom a command goes to: everybody (with or without mirror), one name, or an array of distinct names. */
export type TargetSpec =
  | { readonly kind: "all"; readonly mirror: boolean }
  | { readonly kind: "one"; readonly name: number }
  | { readonly kind: "many"; readonly names: readonly number[] };

const targetNames = (spec: TargetSpec): readonly number[] =>
  spec.kind === "all" ? [] : spec.kind === "one" ? [spec.name] : spec.names;

/**
 * command-network.md § Sending Commands. Targeting one's own name is left out: whether `mirror` matters then is
 * not settled (DECISIONS.md D9), and neither are repeated names or an empty array.
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
    const target: Target =
      this.spec.kind === "all"
        ? null
        : this.spec.kind === "one"
          ? (r.names[this.spec.name] ?? "")
          : this.spec.names.map((i) => r.names[i] ?? "");
    const mirror = this.spec.kind === "all" ? { mirror: this.spec.mirror } : {};
    const ack = await act(sender, "command", [{ ...sent, target, ...mirror }], commandAckSchema);
    const { registered, unregistered } = openSlots(m, r);
    const everyone = [r.observer, ...registered.map((o) => o.client), ...unregistered.map((o) => o.client)];
    if (senderName === undefined) {
      // REAL-SERVERS.md: 480 before register; a refused command reaches nobody.
      expectFailure(ack, 480, "command before register");
      return expectFanOut(r, sent, [], everyone, []);
    }
    // A single name's result may be the ack itself (target-results.ts), so only a broadcast or an array must succeed.
    if (this.spec.kind !== "one") expectSuccess(ack, `command ${sent.command}`);
    let receivers: SioClient[];
    if (this.spec.kind === "all") {
      const withSender = this.spec.mirror ? registered : registered.filter((o) => o.slot !== this.slot);
      receivers = [r.observer, ...withSender.map((o) => o.client)];
      // Connections that never registered: D1 lets only a `should` check forbid them a broadcast.
      const indifferent = unregistered.map((o) => o.client);
      await expectFanOut(r, sent, receivers, others(everyone, receivers, indifferent), indifferent);
    } else {
      receivers = [];
      for (const index of targetNames(this.spec)) {
        expectResult(ack, r.names[index] ?? "", this.spec.kind === "one", expectedFor(m, index));
        const holder = r.clients[holderOf(m, index)];
        if (holder !== undefined) receivers.push(holder);
      }
      await expectFanOut(r, sent, receivers, others(everyone, receivers, []), []);
    }
    if (ack.success)
      m.issued.push({ source: r.names[senderName] ?? "", command: sent.command, meta: sent.meta, target });
  }

  toString = () => {
    const t =
      this.spec.kind === "all"
        ? `all${this.spec.mirror ? ", mirror" : ""}`
        : this.spec.kind === "one"
          ? label(this.spec.name)
          : `[${this.spec.names.map((i) => label(i)).join(",")}]`;
    return `s${this.slot}.command(${t}, ${JSON.stringify(this.body)})`;
  };
}

const others = (all: readonly SioClient[], a: readonly SioClient[], b: readonly SioClient[]) =>
  all.filter((c) => !a.includes(c) && !b.includes(c));
