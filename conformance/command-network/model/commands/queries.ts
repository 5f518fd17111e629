import type { Received } from "../../../index.js";
import { Mismatch } from "../../../index.js";
import { ackOf, expectRefused, expectSuccess } from "../../ack.js";
import { clientEntryOf, documentedClientsAnswer, documentedIdAnswer, documentedPastAnswer } from "../../documented.js";
import { listed } from "../../recorded.js";
import { label, learnId, type NetModel, type NetReal } from "../model.js";
import { NetCommand } from "../net-command.js";

/** A query from an open connection: refused before register (§ Theory: "a client must register"), else compared. */
abstract class QueryCommand extends NetCommand {
  check(m: Readonly<NetModel>): boolean {
    return m.slots[this.slot]?.open === true;
  }

  /** The answer of a registered caller; undefined (after checking it was refused) for one that did not register. */
  protected async ask(m: NetModel, r: NetReal, action: string, args: unknown[]): Promise<Received | undefined> {
    const client = this.clientOf(r);
    if (m.slots[this.slot]?.name !== undefined) return client.emitAck(action, args);
    await expectRefused(client, action, args, `${action} before register`);
    return undefined;
  }
}

/** command-network.md § Theory 2: every registered name with its id, connection status and last connection time. */
export class GetClientsCommand extends QueryCommand {
  protected async act(m: NetModel, r: NetReal): Promise<void> {
    const got = await this.ask(m, r, "get_clients", []);
    if (got === undefined) return;
    const ack = ackOf(got, documentedClientsAnswer, `${this.clientOf(r).name} get_clients`);
    expectSuccess(ack, "get_clients");
    r.names.forEach((name, index) => {
      const state = m.names.get(index);
      const entry = clientEntryOf(ack, name);
      if (state === undefined && entry === undefined) return;
      if (state === undefined || entry === undefined || entry.connected !== state.connected) {
        throw new Mismatch({
          title: `get_clients shows ${label(index)} otherwise than the model`,
          expected: {
            [name]: state === undefined ? "not listed" : { connected: state.connected, id: state.id ?? "any" },
          },
          actual: ack,
        });
      }
      learnId(m, index, entry.id, "get_clients");
    });
  }

  toString = () => `s${this.slot}.get_clients()`;
}

/** command-network.md § Theory 3: the past commands of all clients; each one the model saw done must be there. */
export class GetPastCommandsCommand extends QueryCommand {
  protected async act(m: NetModel, r: NetReal): Promise<void> {
    const got = await this.ask(m, r, "get_past_commands", []);
    if (got === undefined) return;
    const ack = ackOf(got, documentedPastAnswer, `${this.clientOf(r).name} get_past_commands`);
    expectSuccess(ack, "get_past_commands");
    for (const issued of m.issued) {
      if (!ack.commands.some((entry) => listed(entry, issued))) {
        throw new Mismatch({
          title: `get_past_commands does not list ${issued.command}`,
          expected: issued,
          actual: ack,
        });
      }
    }
  }

  toString = () => `s${this.slot}.get_past_commands()`;
}

/** command-network.md § Theory 1 and § Other Functions: one's own id, or a name's; none for a name never registered. */
export class GetIdCommand extends QueryCommand {
  constructor(
    slot: number,
    readonly name: number | undefined,
  ) {
    super(slot);
  }

  protected async act(m: NetModel, r: NetReal): Promise<void> {
    const args = [this.name === undefined ? {} : { appName: r.names[this.name] }];
    const index = this.name ?? m.slots[this.slot]?.name ?? -1;
    if (m.slots[this.slot]?.name !== undefined && !m.names.has(index)) {
      await expectRefused(this.clientOf(r), "get_id", args, `get_id of ${label(index)}, never registered`);
      return;
    }
    const got = await this.ask(m, r, "get_id", args);
    if (got === undefined) return;
    const ack = ackOf(got, documentedIdAnswer, `${this.clientOf(r).name} get_id`);
    expectSuccess(ack, `get_id of ${label(index)}`);
    learnId(m, index, ack.id, "get_id");
  }

  toString = () => `s${this.slot}.get_id(${this.name === undefined ? "" : label(this.name)})`;
}
