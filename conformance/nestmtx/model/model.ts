import type { EntityModule } from "../../../protocols/nestmtx/index.js";
import { Mismatch, type SioClient } from "../../index.js";
import type { Ctx } from "../doc.js";
import { createdIdOf, type EntityId } from "../documented.js";
import { type EntityForm, inForm, readInSomeForm } from "../entity-forms.js";
import { DOCUMENTED_MODULES } from "../requests.js";
import { type Answer, answerOn, newRequestId, strayAnswers } from "../session.js";

/** What nestmtx.md's L.C.R.U.D. says the target holds, as far as this run changed it. */
export interface NestmtxModel {
  /** Entities this run created and has not deleted: id (as the server answered it) → the fields last written. */
  readonly live: Record<EntityModule, Map<EntityId, Record<string, unknown>>>;
  readonly deleted: Record<EntityModule, Set<EntityId>>;
  /** Entities created whose create answer named no id the suite can find: counted in totals, never addressed. */
  readonly untracked: Record<EntityModule, number>;
  /** `total` of each module's list before the run, when the server's list answer has one. */
  readonly baseline: Record<EntityModule, number | undefined>;
  /** The existing credentials the run's cameras belong to (fixture); no fixture, no camera commands. */
  readonly cameraCredential: string | number | undefined;
  /** The form in which the server takes `entity` (entity-forms.ts), learned by reading the first entity created. */
  form: EntityForm | undefined;
}

/** The connected clients and who asked what, so an answer that reaches another client is caught. */
export interface NestmtxReal {
  readonly ctx: Ctx;
  readonly clients: readonly SioClient[];
  /** The sequence's model, so teardown can delete what the run created. */
  readonly model: NestmtxModel;
  /** requestId → name of the client that sent it. */
  readonly owners: Map<string, string>;
  /** Where this sequence's exchanges start in the transcript. */
  readonly mark: number;
  /** Where pushed events start to count: after every client had joined (updates before that reach only some). */
  readonly pushMark: number;
  /** Set once a command has failed, so teardown does not replace that failure with its own. */
  failed: boolean;
}

/** Fields the server takes but need not answer back (D9: no secrets in answers; a server may answer a hash). */
const WRITE_ONLY = new Set(["password", "oauth_client_secret"]);

export function visibleFields(payload: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(payload).filter(([k, v]) => !WRITE_ONLY.has(k) && v !== undefined));
}

/** Sends one request from client `c` and returns a promise of its answer: several may be in flight at once. */
export function send(real: NestmtxReal, c: number, body: object): { requestId: string; answer: Promise<Answer> } {
  const client = clientAt(real, c);
  const requestId = newRequestId();
  real.owners.set(requestId, client.name);
  client.emit("request", { ...body, requestId });
  return { requestId, answer: answerOn(real.ctx, client, requestId) };
}

export const clientAt = (real: NestmtxReal, c: number): SioClient => {
  const client = real.clients[c % real.clients.length];
  if (client === undefined) throw new Error("the model run has no clients");
  return client;
};

/** Runs a command body; a departure marks the run failed before it propagates. */
export async function guard(real: NestmtxReal, body: () => Promise<void>): Promise<void> {
  try {
    await body();
    expectNoStrayAnswers(real);
  } catch (err) {
    real.failed = true;
    throw err;
  }
}

/** nestmtx.md § Handling Responses: answers go back to the client that asked, to no other. */
export function expectNoStrayAnswers(real: NestmtxReal): void {
  const stray = strayAnswers(real.ctx.transcript.since(real.mark), real.owners);
  if (stray.length > 0)
    throw new Mismatch({
      title: "an answer reaches only the client that asked",
      expected: "each requestId event at its own client only",
      actual: stray,
    });
}

/**
 * Records a create: under the id it answered (documented.ts `createdIdOf`), or, when it named none the suite can
 * find, as an untracked entity that totals count (the document does not say what create answers). The first
 * entity of a sequence is read back once to learn the form the server takes `entity` in.
 */
export async function recordCreate(
  r: NestmtxReal,
  c: number,
  module: EntityModule,
  value: unknown,
  fields: Record<string, unknown>,
): Promise<void> {
  const m = r.model;
  const id = createdIdOf(value);
  if (id === undefined) {
    m.untracked[module] += 1;
    return;
  }
  m.live[module].set(id, fields);
  if (m.form !== undefined) return;
  const found = await readInSomeForm(r.ctx, clientAt(r, c), module, id);
  if (!found.ok)
    throw new Mismatch({
      title: `read ${module} ${id} right after its create answers the entity (id as answered, or as text/number)`,
      expected: "the requested data",
      actual: found.answers,
    });
  m.form = found.form;
}

/** `id` as this server takes `entity`. */
export const entityOf = (m: NestmtxModel, id: EntityId): EntityId => inForm(id, m.form ?? "as-answered");

/** A read's answer carries, for every field it shows, the value last written. */
export function expectFields(value: unknown, fields: Record<string, unknown>, what: string): void {
  const shown = (value ?? {}) as Record<string, unknown>;
  const differ = Object.entries(fields).filter(
    ([k, v]) => k in shown && JSON.stringify(shown[k]) !== JSON.stringify(v),
  );
  if (differ.length > 0)
    throw new Mismatch({
      title: `${what} shows the values last written (${differ.map(([k]) => k).join(", ")} differ)`,
      expected: Object.fromEntries(differ),
      actual: value,
    });
}

export const emptyModel = (cameraCredential: string | number | undefined): NestmtxModel => ({
  live: { users: new Map(), cameras: new Map(), credentials: new Map() },
  deleted: { users: new Set(), cameras: new Set(), credentials: new Set() },
  untracked: { users: 0, cameras: 0, credentials: 0 },
  baseline: { users: undefined, cameras: undefined, credentials: undefined },
  cameraCredential,
  form: undefined,
});

/** The modules a command may act on: cameras only with a credential to hang them on. */
export const modulesOf = (m: NestmtxModel): EntityModule[] =>
  DOCUMENTED_MODULES.filter((mod) => mod !== "cameras" || m.cameraCredential !== undefined);

/** Picks the `pick`-th live entity of `module` (wrapping), or undefined when there is none. */
export function liveEntity(m: NestmtxModel, module: EntityModule, pick: number) {
  const ids = [...m.live[module].keys()];
  const id = ids[pick % Math.max(1, ids.length)];
  return id === undefined ? undefined : { id, fields: m.live[module].get(id) ?? {} };
}
