import type fc from "fast-check";
import { Mismatch } from "../../index.js";
import { listOf, statusOf } from "../session.js";
import {
  clientOf,
  expectedLocal,
  expectQuiet,
  type NeoModel,
  type NeoReal,
  sameSet,
  sentUnauthenticated,
  showsCurrent,
} from "./neo-model.js";

/** § NeoRuntime/status: the current script as the model has it. */
export class Status implements fc.AsyncCommand<NeoModel, NeoReal> {
  constructor(readonly client: number) {}
  check = () => true;
  async run(m: NeoModel, r: NeoReal): Promise<void> {
    if (await sentUnauthenticated(m, r, this.client, "NeoRuntime/status", [])) return;
    const status = await statusOf(r.ctx, clientOf(r, this.client));
    if (!showsCurrent(m, r, status.currentScript)) {
      throw new Mismatch({ title: "NeoRuntime/status names the current script", expected: m.current, actual: status });
    }
    await expectQuiet(m, r);
  }
  toString = () => `Status(c${this.client + 1})`;
}

/** § NeoRuntime/Scripts/get: local holds what was there plus what the sequence created; remote is untouched. */
export class List implements fc.AsyncCommand<NeoModel, NeoReal> {
  constructor(readonly client: number) {}
  check = () => true;
  async run(m: NeoModel, r: NeoReal): Promise<void> {
    if (await sentUnauthenticated(m, r, this.client, "NeoRuntime/Scripts/get", [])) return;
    const listing = await listOf(r.ctx, clientOf(r, this.client));
    const local = expectedLocal(m, r);
    if (!sameSet(listing.local, local) || !sameSet(listing.remote, r.initial.remote)) {
      throw new Mismatch({
        title: "NeoRuntime/Scripts/get lists exactly the scripts that exist",
        expected: { local, remote: r.initial.remote },
        actual: listing,
      });
    }
    await expectQuiet(m, r);
  }
  toString = () => `List(c${this.client + 1})`;
}
