import { registerAckSchema } from "../../../../protocols/command-network/index.js";
import { Mismatch } from "../../../index.js";
import { act, expectFailure } from "../../ack.js";
import { expectEvent } from "../../expect-event.js";
import { takeBuffered } from "../fan-out.js";
import { label, type NetModel, type NetReal } from "../model.js";
import { NetCommand } from "../net-command.js";

/** An unregistered connection registers a pool name: new, returning, or 450 when another connection holds it. */
export class RegisterCommand extends NetCommand {
  constructor(
    slot: number,
    readonly name: number,
  ) {
    super(slot);
  }

  check(m: Readonly<NetModel>): boolean {
    const s = m.slots[this.slot];
    return s?.open === true && s.name === undefined;
  }

  protected async act(m: NetModel, r: NetReal): Promise<void> {
    const client = this.clientOf(r);
    const slot = m.slots[this.slot];
    if (slot === undefined) return;
    const ack = await act(client, "register", [{ name: r.names[this.name] }], registerAckSchema);
    const known = m.names.get(this.name);
    if (known?.connected) {
      expectFailure(ack, 450, `register of ${label(this.name)}, held by another connection`);
      await expectEvent(client, "disconnect");
      slot.open = false;
      return;
    }
    if (!ack.success || ack.newClient !== (known === undefined)) {
      throw new Mismatch({
        title: `register of ${label(this.name)} is not answered as the model says`,
        expected: { success: true, newClient: known === undefined },
        actual: ack,
      });
    }
    await expectEvent(client, "registered");
    // Broadcasts that reached this connection before it registered (allowed, DECISIONS.md D1) are all in by now:
    // the server sent them before it handled this register, whose ack has arrived. They are no strays.
    await takeBuffered(client, r.commandPrefix);
    // The id is learned where the server shows it (get_id, get_clients, client_disconnect), not asked for here:
    // a recorded sequence then replays exactly on a fresh server, whose ids are new.
    m.names.set(this.name, { connected: true, id: known?.id });
    slot.name = this.name;
  }

  toString = () => `s${this.slot}.register(${label(this.name)})`;
}
