import { untilDisconnected } from "../../until-disconnected.js";
import type { NetModel, NetReal } from "../model.js";
import { NetCommand } from "../net-command.js";

/**
 * The soft disconnect: the connection closes (DECISIONS.md D2). A registered name stays registered, not connected
 * (§ Theory 5); the step waits until the observer's get_clients shows that, so later steps meet a server that has
 * handled the close. `client_disconnect` is REAL-SERVERS.md's, not the document's: disconnect.notice asks for it.
 */
export class CloseCommand extends NetCommand {
  check(m: Readonly<NetModel>): boolean {
    return m.slots[this.slot]?.open === true;
  }

  protected async act(m: NetModel, r: NetReal): Promise<void> {
    const slot = m.slots[this.slot];
    if (slot === undefined) return;
    r.clients[this.slot]?.close();
    slot.open = false;
    const state = slot.name === undefined ? undefined : m.names.get(slot.name);
    if (slot.name === undefined || state === undefined) return;
    state.connected = false;
    await untilDisconnected(r.observer, r.names[slot.name] ?? "", r.ctx.timeoutMs);
  }

  toString = () => `s${this.slot}.close()`;
}
