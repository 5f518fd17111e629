import type { NetModel, NetReal } from "../model.js";
import { NetCommand } from "../net-command.js";

/** A closed slot opens a new, unregistered connection. */
export class ReconnectCommand extends NetCommand {
  check(m: Readonly<NetModel>): boolean {
    return m.slots[this.slot]?.open === false;
  }

  protected async act(m: NetModel, r: NetReal): Promise<void> {
    r.clients[this.slot] = await r.ctx.clients.connect({ namespace: "/" });
    m.slots[this.slot] = { open: true, name: undefined };
  }

  toString = () => `s${this.slot}.reconnect()`;
}
