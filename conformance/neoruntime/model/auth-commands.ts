import { randomBytes } from "node:crypto";
import type fc from "fast-check";
import { Mismatch } from "../../index.js";
import { ackOf, authenticate } from "../session.js";
import { clientOf, expectQuiet, type NeoModel, type NeoReal } from "./neo-model.js";

/** § Connect, steps 1 and 2: afterwards the client gets answers and may join events. */
export class Authenticate implements fc.AsyncCommand<NeoModel, NeoReal> {
  constructor(readonly client: number) {}
  check = (m: Readonly<NeoModel>) => !m.authed[this.client];
  async run(m: NeoModel, r: NeoReal): Promise<void> {
    await authenticate(r.ctx, clientOf(r, this.client), r.login);
    m.authed[this.client] = true;
    await expectQuiet(m, r);
  }
  toString = () => `Authenticate(c${this.client + 1})`;
}

/** § Connect, step 2: an unknown token acks false and leaves the socket unauthenticated. */
export class BadToken implements fc.AsyncCommand<NeoModel, NeoReal> {
  constructor(readonly client: number) {}
  // D6: what a refused token does to an already authenticated socket is the server's choice.
  check = (m: Readonly<NeoModel>) => !m.authed[this.client];
  async run(m: NeoModel, r: NeoReal): Promise<void> {
    const token = randomBytes(32).toString("hex");
    const res = await ackOf(
      r.ctx,
      clientOf(r, this.client),
      "authenticateToken",
      [token],
      "authenticateToken is acked",
    );
    if (res !== false)
      throw new Mismatch({ title: "authenticateToken with an unknown token acks false", expected: false, actual: res });
    await expectQuiet(m, r);
  }
  toString = () => `BadToken(c${this.client + 1})`;
}
