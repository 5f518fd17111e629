import type fc from "fast-check";
import { Mismatch } from "../../index.js";
import { scriptAction, selectScript } from "../session.js";
import {
  clientOf,
  expectPushes,
  expectQuiet,
  listFits,
  type NeoModel,
  type NeoReal,
  pathOf,
  sentUnauthenticated,
  showsCurrent,
  statusFits,
} from "./neo-model.js";

const CREATE = "NeoRuntime/Script/Create";
const DELETE = "NeoRuntime/Script/Delete";

/**
 * § Script/Create: a new path succeeds; of an existing one the document says nothing (that it fails is REAL-SERVERS.md's,
 * checked at `should` level by scripts.create-existing-fails), so either answer is taken and the script still exists.
 * Unauthenticated, nothing.
 */
export class Create implements fc.AsyncCommand<NeoModel, NeoReal> {
  constructor(
    readonly client: number,
    readonly slot: number,
  ) {}
  check = () => true;
  async run(m: NeoModel, r: NeoReal): Promise<void> {
    const path = pathOf(r, this.slot);
    if (await sentUnauthenticated(m, r, this.client, CREATE, [path])) return;
    const outcome = await scriptAction(r.ctx, clientOf(r, this.client), CREATE, path);
    const exists = m.created.has(this.slot);
    if (!exists && !outcome.res) {
      throw new Mismatch({
        title: `Script/Create of a new ${path} succeeds`,
        expected: { res: true },
        actual: outcome,
      });
    }
    if (!exists) {
      m.created.add(this.slot);
      await expectPushes(m, r, "scripts", listFits(m, r), "the list holding the new script");
    }
    await expectQuiet(m, r);
  }
  toString = () => `Create(c${this.client + 1}, s${this.slot})`;
}

/** § Script/Delete: an existing script is deleted; what a missing one gets is checked elsewhere (`should`). */
export class Delete implements fc.AsyncCommand<NeoModel, NeoReal> {
  constructor(
    readonly client: number,
    readonly slot: number,
  ) {}
  check = () => true;
  async run(m: NeoModel, r: NeoReal): Promise<void> {
    const path = pathOf(r, this.slot);
    if (await sentUnauthenticated(m, r, this.client, DELETE, [path])) return;
    const outcome = await scriptAction(r.ctx, clientOf(r, this.client), DELETE, path);
    if (m.created.has(this.slot)) {
      if (!outcome.res)
        throw new Mismatch({
          title: `Script/Delete of the existing ${path} succeeds`,
          expected: { res: true },
          actual: outcome,
        });
      m.created.delete(this.slot);
      // D17 says what deleting the current script does; the document does not, so the model stops knowing.
      if (m.current !== undefined && "slot" in m.current && m.current.slot === this.slot) m.current = undefined;
      await expectPushes(m, r, "scripts", listFits(m, r), "the list without the deleted script");
    }
    await expectQuiet(m, r);
  }
  toString = () => `Delete(c${this.client + 1}, s${this.slot})`;
}

/** § Script/Select of an existing script: status then names it, and status subscribers hear of it. */
export class Select implements fc.AsyncCommand<NeoModel, NeoReal> {
  constructor(
    readonly client: number,
    readonly slot: number,
  ) {}
  check = (m: Readonly<NeoModel>) => m.created.has(this.slot);
  async run(m: NeoModel, r: NeoReal): Promise<void> {
    const path = pathOf(r, this.slot);
    if (await sentUnauthenticated(m, r, this.client, "NeoRuntime/Script/Select", [path])) return;
    const status = await selectScript(r.ctx, clientOf(r, this.client), path);
    m.current = { slot: this.slot };
    if (!showsCurrent(m, r, status.currentScript)) {
      throw new Mismatch({
        title: `after Script/Select ${path}, status names it`,
        expected: { currentScript: path },
        actual: status,
      });
    }
    await expectPushes(m, r, "status", statusFits(m, r), `a status naming ${path}`);
    await expectQuiet(m, r);
  }
  toString = () => `Select(c${this.client + 1}, s${this.slot})`;
}
