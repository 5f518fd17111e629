import fc from "fast-check";
import type { EntityModule } from "../../../protocols/nestmtx/index.js";
import { runModel, type Verdict } from "../../index.js";
import { type Ctx, doc, type NestmtxCheck, QUOTES } from "../doc.js";
import { listedOf } from "../documented.js";
import { DOCUMENTED_MODULES } from "../requests.js";
import { ask, authed, barrier, servedStep, TOKEN_PLACES, withToken } from "../session.js";
import {
  BatchCommand,
  CreateCommand,
  DeleteCommand,
  ListCommand,
  ReadCommand,
  ReadDeletedCommand,
  UpdateCommand,
} from "./commands.js";
import { expectFannedOut } from "./fan-out.js";
import { emptyModel, entityOf, type NestmtxModel, type NestmtxReal } from "./model.js";
import { createPayloads, updatePayloads } from "./payloads.js";

/** Clients per sequence: one per place a token may travel (nestmtx.md § Using the Token). */
const CLIENTS = TOKEN_PLACES.length;
const client = fc.nat(CLIENTS - 1);
const module = fc.constantFrom(...DOCUMENTED_MODULES);
const pick = fc.nat(7);
const withPayload = (payloads: Record<EntityModule, fc.Arbitrary<Record<string, unknown>>>) =>
  module.chain((mod) => payloads[mod].map((payload) => ({ mod, payload })));

const commands = [
  fc.tuple(client, withPayload(createPayloads)).map(([c, { mod, payload }]) => new CreateCommand(c, mod, payload)),
  fc.tuple(client, module, pick).map(([c, mod, p]) => new ReadCommand(c, mod, p)),
  fc.tuple(client, module).map(([c, mod]) => new ReadDeletedCommand(c, mod)),
  fc
    .tuple(client, pick, withPayload(updatePayloads))
    .map(([c, p, { mod, payload }]) => new UpdateCommand(c, mod, p, payload)),
  fc.tuple(client, module, pick).map(([c, mod, p]) => new DeleteCommand(c, mod, p)),
  fc.tuple(client, module).map(([c, mod]) => new ListCommand(c, mod)),
  fc
    .array(
      fc
        .record({ c: client, create: fc.boolean(), pick, created: withPayload(createPayloads) })
        .map(({ c, create, pick, created }) => ({ c, create, pick, module: created.mod, payload: created.payload })),
      { minLength: 2, maxLength: 4 },
    )
    .map((ops) => new BatchCommand(ops)),
];

async function setup(ctx: Ctx): Promise<{ model: NestmtxModel; real: NestmtxReal }> {
  const mark = ctx.transcript.mark();
  const token = ctx.credentials.token ?? "";
  // The check's own set-up step showed that each place connects: a failure here is a connection problem.
  const clients = [];
  for (const place of TOKEN_PLACES) clients.push(await ctx.clients.connect(withToken(token, place)));
  const model = emptyModel(ctx.fixtures.existing.credentials);
  for (const mod of DOCUMENTED_MODULES) {
    const answer = await ask(ctx, clients[0] as NonNullable<(typeof clients)[0]>, { command: "list", module: mod });
    model.baseline[mod] = answer.kind === "answer" ? listedOf(answer.value).total : undefined;
  }
  // An update published while the clients were still connecting reached only some: a barrier per client puts every
  // such update before the mark (Socket.IO keeps one socket's packets in order).
  for (const c of clients) await barrier(ctx, c);
  const pushMark = ctx.transcript.mark();
  return { model, real: { ctx, clients, model, owners: new Map(), mark, pushMark, failed: false } };
}

/**
 * Checks the pushed events and late answers of the sequence (unless a command already failed), then deletes what the
 * sequence created so the target ends as it began.
 */
async function teardown(real: NestmtxReal, ctx: Ctx): Promise<void> {
  try {
    if (!real.failed) await expectFannedOut(real);
  } finally {
    // Cameras first: deleting credentials may take their cameras with them (D9), and the run's hang on fixtures.
    for (const mod of ["cameras", "users", "credentials"] as const)
      for (const id of real.model.live[mod].keys())
        await ask(ctx, real.clients[0] as NonNullable<(typeof real.clients)[0]>, {
          command: "delete",
          module: mod,
          entity: entityOf(real.model, id),
        });
    ctx.clients.closeAll();
  }
}

/** The check's set-up step: each token place connects and is served, or the check is blocked (or skipped). */
async function connectsEverywhere(ctx: Ctx): Promise<Verdict | undefined> {
  for (const place of TOKEN_PLACES) {
    const client = await authed(ctx, place);
    if (!client.ok) return client.verdict;
    const served = await servedStep(ctx, client.value);
    client.value.close();
    if (served !== undefined) return served;
  }
  return undefined;
}

export const crudModelCheck: NestmtxCheck = {
  id: "nestmtx.crud.model",
  level: "must",
  doc: doc("intro", QUOTES.lcrud),
  title:
    "answers random L.C.R.U.D. sequences from 3 clients (requests in flight together) as a model predicts; updates reach all",
  run: async (ctx) => (await connectsEverywhere(ctx)) ?? runModel(ctx, { commands, setup, teardown, maxCommands: 8 }),
};
