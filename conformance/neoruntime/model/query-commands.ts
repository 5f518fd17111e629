import type fc from "fast-check";
import { Mismatch } from "../../index.js";
import { listOf, statusOf } from "../session.js";
import {
  clientOf,
  expectQuiet,
  listingProblems,
  type NeoModel,
  type NeoReal,
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

/** § NeoRuntime/Scripts/get: local lists each of the sequence's scripts exactly while it exists. */
export class List implements fc.AsyncCommand<NeoModel, NeoReal> {
  constructor(readonly client: number) {}
  check = () => true;
  async run(m: NeoModel, r: NeoReal): Promise<void> {
    if (await sentUnauthenticated(m, r, this.client, "NeoRuntime/Scripts/get", [])) return;
    const listing = await listOf(r.ctx, clientOf(r, this.client));
    const problems = listingProblems(m, r, listing.local);
    if (problems.length > 0) {
      throw new Mismatch({
        title: `NeoRuntime/Scripts/get lists exactly the scripts that exist: ${problems.join("; ")}`,
        expected: { local: [...m.created].map((s) => `<${r.paths[s]}>`) },
        actual: listing,
      });
    }
    await expectQuiet(m, r);
  }
  toString = () => `List(c${this.client + 1})`;
}
