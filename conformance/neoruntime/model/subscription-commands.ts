import type fc from "fast-check";
import type { EventKind } from "../fixtures.js";
import { subscribe } from "../session.js";
import { clientOf, expectQuiet, type NeoModel, type NeoReal } from "./neo-model.js";

/**
 * § "Events": `event::join` / `event::leave`. From an unauthenticated client they bring nothing until it
 * authenticates (§ Connect step 3); what an early join does after that is the server's choice (NeoModel.askedEarly).
 */
export class Subscription implements fc.AsyncCommand<NeoModel, NeoReal> {
  constructor(
    readonly client: number,
    readonly kind: EventKind,
    readonly how: "join" | "leave",
  ) {}
  check = () => true;
  async run(m: NeoModel, r: NeoReal): Promise<void> {
    const name = r.events[this.kind];
    if (name === undefined) return;
    const client = clientOf(r, this.client);
    if (!m.authed[this.client]) {
      client.emit(`${name}::${this.how}`);
      if (this.how === "join") m.askedEarly[this.client]?.add(this.kind);
      else m.askedEarly[this.client]?.delete(this.kind);
      return expectQuiet(m, r);
    }
    await subscribe(r.ctx, client, name, this.how);
    m.askedEarly[this.client]?.delete(this.kind);
    if (this.how === "join") m.joined[this.client]?.add(this.kind);
    else {
      m.joined[this.client]?.delete(this.kind);
      // Pushes that came while it was still joined are not departures.
      while ((await client.silence(name, 0)).kind === "event") await client.next(name, 0);
    }
    await expectQuiet(m, r);
  }
  toString = () => `${this.how === "join" ? "Join" : "Leave"}(c${this.client + 1}, ${this.kind})`;
}
