import type { EntityModule } from "../../protocols/nestmtx/index.js";
import { blocked, fail, Mismatch, pass, type SioClient, skip, type Verdict } from "../index.js";
import { type Ctx, doc, type NestmtxCheck, QUOTES } from "./doc.js";
import { createdIdOf, type EntityId, isEntity, listedOf } from "./documented.js";
import { formsOf, inForm, readInSomeForm } from "./entity-forms.js";
import { emptyModel, expectFields, visibleFields } from "./model/model.js";
import { finalPayload, type RawPayload } from "./model/payloads.js";
import { DOCUMENTED_MODULES } from "./requests.js";
import { acceptedOrRefused, ask, authed, describeAnswer, expectNoEntity, expectSuccess, type Step } from "./session.js";

/**
 * Direct checks of what the model (nestmtx.crud.model) also covers, one behaviour each, so that a server whose
 * delete has no effect (say) fails a check of its own at every seed instead of only in the sequences that happen to
 * read after a delete. Each acts on entities it creates itself and deletes what is left at the end.
 */

/** The modules a direct check acts on: cameras only with a fixture credential to hang them on. */
const modulesOf = (ctx: Ctx): EntityModule[] =>
  DOCUMENTED_MODULES.filter((m) => m !== "cameras" || ctx.fixtures.existing.credentials !== undefined);

/**
 * Plain values in the real server's fields (the document names none), for the direct checks: each judges one
 * behaviour, so its payload is one any store keeps as written. Generated, hostile-ish values are the model's and
 * the robustness checks' business.
 */
const PLAIN: Record<EntityModule, { create: RawPayload; update: RawPayload }> = {
  users: { create: { username: "", password: "volley-password" }, update: { username: "" } },
  credentials: {
    create: {
      description: "volley credentials",
      oauth_client_id: "volley-client",
      oauth_client_secret: "volley-secret",
      dac_project_id: "volley-project",
    },
    update: { description: "volley credentials, renamed" },
  },
  cameras: {
    create: { room: "volley room", name: "volley camera", is_enabled: false },
    update: { name: "volley camera, renamed" },
  },
};

/**
 * The payload to create (or update) with: the fixtures' `payloads.<module>` when given, else the plain one; values
 * that must be unique (user names, stream paths) are made so where the payload has those keys, and a camera hangs
 * on the fixture credentials unless the given payload says otherwise.
 */
function payloadFor(ctx: Ctx, module: EntityModule, create: boolean): RawPayload {
  const given = ctx.fixtures.payloads[module];
  const unique = finalPayload(module, {}, emptyModel(ctx.fixtures.existing.credentials), true);
  if (given === undefined) {
    const plain = PLAIN[module][create ? "create" : "update"];
    return finalPayload(module, plain, emptyModel(ctx.fixtures.existing.credentials), create);
  }
  return Object.fromEntries(
    Object.entries(given).map(([k, v]) => [k, k in unique && k !== "credential_id" ? unique[k] : v]),
  );
}

/** A create or update the server refused: its payload rules are its own, so the check cannot judge it without one. */
const refusedPayload = (module: EntityModule, command: string, payload: RawPayload) =>
  skip(
    `the server refused ${command} ${module} with ${JSON.stringify(payload)} (nestmtx.md names no fields): ` +
      `give a payload it accepts as payloads.${module} in the fixtures`,
  );

interface Created {
  /** The id as the create answered it, and in the form the server takes `entity` (entity-forms.ts). */
  readonly id: EntityId;
  readonly entity: EntityId;
  readonly fields: Record<string, unknown>;
  /** What the read right after the create answered. */
  readonly read: unknown;
}

/**
 * Creates one entity of `module`: the answer must be a success naming the new entity's id, and a read of that id
 * (as answered, or as text/number) must answer the entity.
 */
async function create(ctx: Ctx, client: SioClient, module: EntityModule): Promise<Step<Created>> {
  const payload = payloadFor(ctx, module, true);
  const what = `create ${module}`;
  const got = acceptedOrRefused(await ask(ctx, client, { command: "create", module, payload }), what);
  if (got.refused) return { ok: false, verdict: refusedPayload(module, "create", payload) };
  const { value } = got;
  const id = createdIdOf(value);
  if (id === undefined)
    throw new Mismatch({
      title: `${what} answers the new entity's id`,
      expected: "an id in the answer",
      actual: value,
    });
  const found = await readInSomeForm(ctx, client, module, id);
  if (!found.ok)
    throw new Mismatch({
      title: `read ${module} ${id} after its create answers the entity (its id as answered, or as text/number)`,
      expected: "the requested data",
      actual: found.answers,
    });
  return { ok: true, value: { id, entity: inForm(id, found.form), fields: visibleFields(payload), read: found.value } };
}

/** The set-up step of the checks that need an entity to act on; nestmtx.crud.create-then-read (must) owns it. */
const createStep = (module: EntityModule) => `create a ${module} entity`;

async function created(ctx: Ctx, client: SioClient, module: EntityModule): Promise<Step<Created>> {
  try {
    return await create(ctx, client, module);
  } catch (err) {
    if (!(err instanceof Mismatch)) throw err;
    return {
      ok: false,
      verdict: blocked(createStep(module), `${err.failure.title}: ${JSON.stringify(err.failure.actual)}`),
    };
  }
}

/** A check that runs `body` per module on one authenticated socket; `body` throws Mismatch on a departure. */
function perModule(
  id: string,
  title: string,
  body: (ctx: Ctx, client: SioClient, module: EntityModule) => Promise<Verdict | undefined>,
): NestmtxCheck {
  return {
    id,
    level: "must",
    doc: doc("intro", QUOTES.lcrud),
    title,
    run: async (ctx) => {
      const client = await authed(ctx);
      if (!client.ok) return client.verdict;
      for (const module of modulesOf(ctx)) {
        const verdict = await body(ctx, client.value, module);
        if (verdict !== undefined) return verdict;
      }
      return pass();
    },
  };
}

const remove = (ctx: Ctx, client: SioClient, module: EntityModule, entity: EntityId) =>
  ask(ctx, client, { command: "delete", module, entity });

/** Creates an entity (blocked if that fails), then deletes it; the delete must succeed. */
async function createdAndDeleted(ctx: Ctx, client: SioClient, module: EntityModule): Promise<Step<Created>> {
  const made = await created(ctx, client, module);
  if (!made.ok) return made;
  expectSuccess(await remove(ctx, client, module, made.value.entity), `delete ${module} ${made.value.id}`);
  return made;
}

export const crudChecks: readonly NestmtxCheck[] = [
  perModule(
    "nestmtx.crud.create-then-read",
    "answers a create with the new entity's id, and a read of it with the values written",
    async (ctx, client, module) => {
      const made = await create(ctx, client, module);
      if (!made.ok) return made.verdict;
      try {
        expectFields(made.value.read, made.value.fields, `read ${module} ${made.value.id} after its create`);
      } finally {
        await remove(ctx, client, module, made.value.entity);
      }
      return undefined;
    },
  ),
  perModule(
    "nestmtx.crud.update-then-read",
    "answers an update with success, and a later read with the values it wrote",
    async (ctx, client, module) => {
      const made = await created(ctx, client, module);
      if (!made.ok) return made.verdict;
      const { id, entity } = made.value;
      try {
        const payload = payloadFor(ctx, module, false);
        const got = acceptedOrRefused(
          await ask(ctx, client, { command: "update", module, entity, payload }),
          `update ${module} ${id}`,
        );
        if (got.refused) return refusedPayload(module, "update", payload);
        const what = `read ${module} ${id} after its update`;
        const value = expectSuccess(await ask(ctx, client, { command: "read", module, entity }), what);
        expectFields(value, { ...made.value.fields, ...visibleFields(payload) }, what);
      } finally {
        await remove(ctx, client, module, entity);
      }
      return undefined;
    },
  ),
  perModule(
    "nestmtx.crud.delete-then-read",
    "answers a delete with success, and a later read of that entity with no entity (an error, or nothing)",
    async (ctx, client, module) => {
      const gone = await createdAndDeleted(ctx, client, module);
      if (!gone.ok) return gone.verdict;
      // In every form of the id: a read that misses only for the form must not hide an entity still there.
      for (const { entity } of formsOf(gone.value.id))
        expectNoEntity(
          await ask(ctx, client, { command: "read", module, entity }),
          `read ${module} ${JSON.stringify(entity)} after its delete`,
        );
      return undefined;
    },
  ),
  perModule(
    "nestmtx.crud.delete-then-list",
    "leaves a deleted entity out of later lists",
    async (ctx, client, module) => {
      const gone = await createdAndDeleted(ctx, client, module);
      if (!gone.ok) return gone.verdict;
      const { id } = gone.value;
      const answer = await ask(ctx, client, { command: "list", module });
      const value = expectSuccess(answer, `list ${module} after deleting ${id}`);
      const { items } = listedOf(value);
      if (items === undefined)
        return fail({
          title: `list ${module} answers a list of entities`,
          expected: "an array of entities",
          actual: describeAnswer(answer),
        });
      return items.some((i) => isEntity(i, id))
        ? fail({
            title: `list ${module} leaves out ${id}, deleted just before`,
            expected: { noneWithId: id },
            actual: value,
          })
        : undefined;
    },
  ),
];
