import { registerName } from "../../register-name.js";
import { takeBuffered } from "../fan-out.js";
import { label, type NetModel, type NetReal } from "../model.js";
import { NetCommand } from "../net-command.js";

/**
 * An unregistered connection registers a pool name, new or returning (§ Theory: "a client must register"). A name
 * another connection holds is not tried: what then happens (450 and a close, for the real server) is not in the
 * document, so the register.name-in-use-* `should` checks ask it.
 */
export class RegisterCommand extends NetCommand {
  constructor(
    slot: number,
    readonly name: number,
  ) {
    super(slot);
  }

  check(m: Readonly<NetModel>): boolean {
    const s = m.slots[this.slot];
    return s?.open === true && s.name === undefined && m.names.get(this.name)?.connected !== true;
  }

  protected async act(m: NetModel, r: NetReal): Promise<void> {
    const client = this.clientOf(r);
    const slot = m.slots[this.slot];
    if (slot === undefined) return;
    await registerName(r.ctx.clients, client, r.names[this.name] ?? "", `register of ${label(this.name)}`);
    // Broadcasts that reached this connection before it registered (allowed, DECISIONS.md D1) are all in by now:
    // the server sent them before it handled this register, whose ack (or the get_id confirming it) has arrived.
    // They are no strays.
    await takeBuffered(client, r.commandPrefix);
    // The id is learned where the server shows it (get_id, get_clients), not asked for here: a recorded sequence
    // then replays exactly on a fresh server, whose ids are new.
    const known = m.names.get(this.name);
    m.names.set(this.name, { connected: true, id: known?.id });
    slot.name = this.name;
  }

  toString = () => `s${this.slot}.register(${label(this.name)})`;
}
