import { Mismatch } from "../../../index.js";
import { nextNotice } from "../../notices.js";
import { label, learnId, type NetModel, type NetReal, openSlots, who } from "../model.js";
import { NetCommand } from "../net-command.js";

/**
 * The soft disconnect: the connection closes (DECISIONS.md D2). A registered name stays registered, not connected,
 * and every other registered connection and the observer get `client_disconnect {name, id}` (REAL-SERVERS.md).
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
    const index = slot.name;
    const state = index === undefined ? undefined : m.names.get(index);
    if (index === undefined || state === undefined) return;
    state.connected = false;
    const name = r.names[index] ?? "";
    const told = [r.observer, ...openSlots(m, r).registered.map((o) => o.client)];
    for (const client of told) {
      const notice = await nextNotice(client, name, r.ctx.timeoutMs);
      if (notice === undefined) {
        throw new Mismatch({
          title: `${who(r, client)} got no client_disconnect for ${label(index)}`,
          expected: { name, id: state.id },
          actual: `nothing within ${r.ctx.timeoutMs} ms`,
        });
      }
      learnId(m, index, notice.id, "client_disconnect");
    }
  }

  toString = () => `s${this.slot}.close()`;
}
