import {
  getClientsAckSchema,
  getIdAckSchema,
  getPastCommandsAckSchema,
} from "../../../../protocols/command-network/index.js";
import { Mismatch } from "../../../index.js";
import { act, expectFailure, expectSuccess } from "../../ack.js";
import { idOf } from "../../join.js";
import { recorded } from "../../recorded.js";
import { label, learnId, type NetModel, type NetReal } from "../model.js";
import { NetCommand } from "../net-command.js";

/** A query from an open connection: 480 before register, else compared with the model. */
abstract class QueryCommand extends NetCommand {
  check(m: Readonly<NetModel>): boolean {
    return m.slots[this.slot]?.open === true;
  }

  /** True when the caller registered; false (after checking the 480) when it did not. */
  protected registered(m: NetModel, ack: { success: boolean }, action: string): boolean {
    if (m.slots[this.slot]?.name !== undefined) return true;
    expectFailure(ack, 480, `${action} before register`);
    return false;
  }
}

/** command-network.md § Theory 2: every registered name with its id, connection status and last connection time. */
export class GetClientsCommand extends QueryCommand {
  protected async act(m: NetModel, r: NetReal): Promise<void> {
    const ack = await act(this.clientOf(r), "get_clients", [], getClientsAckSchema);
    if (!this.registered(m, ack, "get_clients")) return;
    expectSuccess(ack, "get_clients");
    r.names.forEach((name, index) => {
      const state = m.names.get(index);
      const entry = Object.hasOwn(ack.clients, name) ? ack.clients[name] : undefined;
      if (state === undefined && entry === undefined) return;
      if (state === undefined || entry === undefined || entry.connected !== state.connected) {
        throw new Mismatch({
          title: `get_clients shows ${label(index)} otherwise than the model`,
          expected: state === undefined ? "not listed" : { connected: state.connected, id: state.id ?? "any" },
          actual: entry ?? "not listed",
        });
      }
      learnId(m, index, entry.id, "get_clients");
    });
  }

  toString = () => `s${this.slot}.get_clients()`;
}

/** command-network.md § Theory 3: the past commands of all clients; each success the model saw must be there. */
export class GetPastCommandsCommand extends QueryCommand {
  protected async act(m: NetModel, r: NetReal): Promise<void> {
    const ack = await act(this.clientOf(r), "get_past_commands", [], getPastCommandsAckSchema);
    if (!this.registered(m, ack, "get_past_commands")) return;
    expectSuccess(ack, "get_past_commands");
    for (const issued of m.issued) {
      const index = r.names.indexOf(issued.source);
      // `source` may hold the sender's name or its id (recorded.ts); learn the id first if the model lacks it.
      if (m.names.get(index)?.id === undefined)
        learnId(m, index, await idOf(this.clientOf(r), issued.source), "get_id");
      const source = [issued.source, ...(m.names.get(index)?.id ?? [])];
      if (!ack.commands.some((entry) => recorded(entry, issued, source))) {
        throw new Mismatch({
          title: `get_past_commands does not list ${issued.command}`,
          expected: issued,
          actual: ack.commands.filter((c) => c.command === issued.command),
        });
      }
    }
  }

  toString = () => `s${this.slot}.get_past_commands()`;
}

/** command-network.md § Theory 1 and § Other Functions: one's own id, or a name's; 440 for a name never registered. */
export class GetIdCommand extends QueryCommand {
  constructor(
    slot: number,
    readonly name: number | undefined,
  ) {
    super(slot);
  }

  protected async act(m: NetModel, r: NetReal): Promise<void> {
    const payload = this.name === undefined ? {} : { appName: r.names[this.name] };
    const ack = await act(this.clientOf(r), "get_id", [payload], getIdAckSchema);
    if (!this.registered(m, ack, "get_id")) return;
    const index = this.name ?? m.slots[this.slot]?.name ?? -1;
    if (!m.names.has(index)) return expectFailure(ack, 440, `get_id of ${label(index)}, never registered`);
    expectSuccess(ack, `get_id of ${label(index)}`);
    learnId(m, index, ack.id, "get_id");
  }

  toString = () => `s${this.slot}.get_id(${this.name === undefined ? "" : label(this.name)})`;
}
