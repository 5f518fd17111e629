import type fc from "fast-check";
import type { EntityModule } from "../../../protocols/nestmtx/index.js";
import { Mismatch } from "../../index.js";
import { type EntityId, isEntity, listedOf } from "../documented.js";
import { formsOf } from "../entity-forms.js";
import { acceptedOrRefused, expectNoEntity, expectSuccess } from "../session.js";
import {
  entityOf,
  expectFields,
  guard,
  liveEntity,
  modulesOf,
  type NestmtxModel,
  type NestmtxReal,
  recordCreate,
  send,
  visibleFields,
} from "./model.js";
import { finalPayload, type RawPayload } from "./payloads.js";

type Command = fc.AsyncCommand<NestmtxModel, NestmtxReal>;

const json = (v: unknown) => JSON.stringify(v) ?? "undefined";

/**
 * L.C.R.U.D. `create`: answered with the new entity, which the model then holds; or refused with an error, since the
 * document names no fields and the payload's rules are the server's (session.ts `acceptedOrRefused`).
 */
export class CreateCommand implements Command {
  constructor(
    readonly c: number,
    readonly module: EntityModule,
    readonly payload: RawPayload,
  ) {}
  check = (m: Readonly<NestmtxModel>) => modulesOf(m).includes(this.module);
  run = (m: NestmtxModel, r: NestmtxReal) =>
    guard(r, async () => {
      const payload = finalPayload(this.module, this.payload, m, true);
      const what = `create ${this.module}`;
      const got = acceptedOrRefused(
        await send(r, this.c, { command: "create", module: this.module, payload }).answer,
        what,
      );
      if (!got.refused) await recordCreate(r, this.c, this.module, got.value, visibleFields(payload));
    });
  toString = () => `c${this.c + 1} create ${this.module} ${json(this.payload)}`;
}

/** `read` of an entity the run created: answered with the values last written. */
export class ReadCommand implements Command {
  constructor(
    readonly c: number,
    readonly module: EntityModule,
    readonly pick: number,
  ) {}
  check = (m: Readonly<NestmtxModel>) => m.live[this.module].size > 0;
  run = (m: NestmtxModel, r: NestmtxReal) =>
    guard(r, async () => {
      const target = liveEntity(m, this.module, this.pick);
      if (target === undefined) return;
      const what = `read ${this.module} ${target.id}`;
      const value = expectSuccess(
        await send(r, this.c, { command: "read", module: this.module, entity: entityOf(m, target.id) }).answer,
        what,
      );
      expectFields(value, target.fields, what);
    });
  toString = () => `c${this.c + 1} read ${this.module} #${this.pick}`;
}

/** `read` of an entity the run deleted: no entity, an error or null (nestmtx.md § Handling Responses). */
export class ReadDeletedCommand implements Command {
  constructor(
    readonly c: number,
    readonly module: EntityModule,
  ) {}
  check = (m: Readonly<NestmtxModel>) => m.deleted[this.module].size > 0;
  run = (m: NestmtxModel, r: NestmtxReal) =>
    guard(r, async () => {
      const id = [...m.deleted[this.module]][0];
      if (id === undefined) return;
      // In every form: a read that misses only because of the id's form must not hide an entity still there.
      for (const { entity } of formsOf(id)) {
        const answer = await send(r, this.c, { command: "read", module: this.module, entity }).answer;
        expectNoEntity(answer, `read ${this.module} ${JSON.stringify(entity)} after its delete`);
      }
    });
  toString = () => `c${this.c + 1} read deleted ${this.module}`;
}

/** `update`: answered with success, and later reads show the new values; or refused, as a create may be. */
export class UpdateCommand implements Command {
  constructor(
    readonly c: number,
    readonly module: EntityModule,
    readonly pick: number,
    readonly payload: RawPayload,
  ) {}
  check = (m: Readonly<NestmtxModel>) => m.live[this.module].size > 0;
  run = (m: NestmtxModel, r: NestmtxReal) =>
    guard(r, async () => {
      const target = liveEntity(m, this.module, this.pick);
      if (target === undefined) return;
      const payload = finalPayload(this.module, this.payload, m, false);
      const request = { command: "update", module: this.module, entity: entityOf(m, target.id), payload };
      const got = acceptedOrRefused(await send(r, this.c, request).answer, `update ${this.module} ${target.id}`);
      if (!got.refused) m.live[this.module].set(target.id, { ...target.fields, ...visibleFields(payload) });
    });
  toString = () => `c${this.c + 1} update ${this.module} #${this.pick} ${json(this.payload)}`;
}

/** `delete`: answered with success; the entity is gone from reads and lists. */
export class DeleteCommand implements Command {
  constructor(
    readonly c: number,
    readonly module: EntityModule,
    readonly pick: number,
  ) {}
  check = (m: Readonly<NestmtxModel>) => m.live[this.module].size > 0;
  run = (m: NestmtxModel, r: NestmtxReal) =>
    guard(r, async () => {
      const target = liveEntity(m, this.module, this.pick);
      if (target === undefined) return;
      const request = { command: "delete", module: this.module, entity: entityOf(m, target.id) };
      expectSuccess(await send(r, this.c, request).answer, `delete ${this.module} ${target.id}`);
      m.live[this.module].delete(target.id);
      m.deleted[this.module].add(target.id);
    });
  toString = () => `c${this.c + 1} delete ${this.module} #${this.pick}`;
}

/** `list`: success; a `total` counts the run's creates and deletes; no deleted entity is listed. */
export class ListCommand implements Command {
  constructor(
    readonly c: number,
    readonly module: EntityModule,
  ) {}
  check = (m: Readonly<NestmtxModel>) => modulesOf(m).includes(this.module);
  run = (m: NestmtxModel, r: NestmtxReal) =>
    guard(r, async () => {
      const what = `list ${this.module}`;
      const value = expectSuccess(await send(r, this.c, { command: "list", module: this.module }).answer, what);
      const { items, total } = listedOf(value);
      const base = m.baseline[this.module];
      const want = base === undefined ? undefined : base + m.live[this.module].size + m.untracked[this.module];
      if (want !== undefined && total !== undefined && total !== want)
        throw new Mismatch({
          title: `${what} counts the entities created and deleted`,
          expected: { total: want },
          actual: value,
        });
      const deleted: EntityId[] = [...m.deleted[this.module]];
      const gone = (items ?? []).filter((i) => deleted.some((id) => isEntity(i, id)));
      if (gone.length > 0)
        throw new Mismatch({
          title: `${what} leaves out deleted entities (${gone.length} of them listed)`,
          expected: { noneOf: deleted },
          actual: value,
        });
    });
  toString = () => `c${this.c + 1} list ${this.module}`;
}

/** One request of a batch: a create, or a read of an entity the run holds. */
export interface BatchOp {
  readonly c: number;
  readonly module: EntityModule;
  readonly create: boolean;
  readonly pick: number;
  readonly payload: RawPayload;
}

interface InFlight {
  readonly op: BatchOp;
  readonly payload: RawPayload | undefined;
  readonly target: { id: EntityId; fields: Record<string, unknown> } | undefined;
  readonly sent: ReturnType<typeof send>;
}

/**
 * Several requests in flight at once from several clients, each awaited on its own requestId event only after all
 * were sent (nestmtx.md § Handling Responses: the requestId matches answers to requests).
 */
export class BatchCommand implements Command {
  constructor(readonly ops: readonly BatchOp[]) {}
  check = (m: Readonly<NestmtxModel>) => this.ops.every((op) => modulesOf(m).includes(op.module));
  run = (m: NestmtxModel, r: NestmtxReal) =>
    guard(r, async () => {
      const inFlight = this.ops.flatMap((op): InFlight[] => {
        if (op.create) {
          const payload = finalPayload(op.module, op.payload, m, true);
          const sent = send(r, op.c, { command: "create", module: op.module, payload });
          return [{ op, payload, target: undefined, sent }];
        }
        const target = liveEntity(m, op.module, op.pick);
        if (target === undefined) return [];
        const sent = send(r, op.c, { command: "read", module: op.module, entity: entityOf(m, target.id) });
        return [{ op, payload: undefined, target, sent }];
      });
      const answers = await Promise.all(inFlight.map((f) => f.sent.answer));
      for (const [i, { op, payload, target, sent }] of inFlight.entries()) {
        const answer = answers[i] ?? { kind: "none" as const };
        const what = `${op.create ? "create" : "read"} ${op.module} (requestId ${sent.requestId}, one of ${inFlight.length} in flight)`;
        if (payload !== undefined) {
          const got = acceptedOrRefused(answer, what);
          if (!got.refused) await recordCreate(r, op.c, op.module, got.value, visibleFields(payload));
        } else if (target !== undefined) expectFields(expectSuccess(answer, what), target.fields, what);
      }
    });
  toString = () =>
    `batch[${this.ops.map((op) => `c${op.c + 1} ${op.create ? `create ${op.module} ${json(op.payload)}` : `read ${op.module} #${op.pick}`}`).join(", ")}]`;
}
