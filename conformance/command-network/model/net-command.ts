import type fc from "fast-check";
import type { SioClient } from "../../index.js";
import type { NetModel, NetReal } from "./model.js";

/**
 * One action of a sequence, fast-check style (`check`, `run`, `toString`). `act` drives the target, updates the
 * model and throws Mismatch on any departure; `run` remembers a departure so the final sweep does not mask it.
 */
export abstract class NetCommand implements fc.AsyncCommand<NetModel, NetReal> {
  /** The connection slot that acts. */
  constructor(readonly slot: number) {}

  abstract check(m: Readonly<NetModel>): boolean;
  protected abstract act(m: NetModel, r: NetReal): Promise<void>;
  abstract toString(): string;

  /** The slot's current connection (`check` made sure the slot was opened once). */
  protected clientOf(r: NetReal): SioClient {
    const client = r.clients[this.slot];
    if (client === undefined) throw new Error(`slot ${this.slot} has no connection`);
    return client;
  }

  async run(m: NetModel, r: NetReal): Promise<void> {
    try {
      await this.act(m, r);
    } catch (error) {
      r.failed = true;
      throw error;
    }
  }
}
