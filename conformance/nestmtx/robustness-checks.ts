import fc from "fast-check";
import { credentialCreateSchema, requestSchema, userCreateSchema } from "../../protocols/nestmtx/index.js";
import {
  arbitraryOf,
  fail,
  Mismatch,
  type Mutation,
  mutationsOf,
  pass,
  runProperty,
  type SioClient,
  type Verdict,
} from "../index.js";
import { type Ctx, doc, type NestmtxCheck, QUOTES } from "./doc.js";
import { createdIdOf } from "./documented.js";
import { formsOf } from "./entity-forms.js";
import { firstOf, PUSH_EVENTS } from "./pushes.js";
import {
  ask,
  authed,
  describeAnswer,
  EXAMPLE_REQUEST,
  expectError,
  expectSuccess,
  newRequestId,
  servedStep,
  withToken,
} from "./session.js";

/**
 * Mutations bigger than this are left out of the properties: Socket.IO's own buffer limit (1 MB by default) decides
 * what happens to them, not the document; nestmtx.robustness.oversized-request covers that case once.
 */
const MAX_MUTATION_CHARS = 100_000;
const small = (m: Mutation) => (JSON.stringify(m.value) ?? "").length <= MAX_MUTATION_CHARS;

/** After bad input, the same socket is still served (the server neither crashed nor dropped it). */
async function stillServes(ctx: Ctx, client: SioClient, after: string): Promise<void> {
  expectSuccess(await ask(ctx, client, EXAMPLE_REQUEST), `after ${after}, list users is answered`);
}

/**
 * Set-up of every robustness check: a socket with `--token` that is served the example request before any bad
 * input, so that "not served afterwards" means the bad input did it. Properties then open their own sockets.
 */
async function servedSocket(ctx: Ctx): Promise<{ ok: true; client: SioClient } | { ok: false; verdict: Verdict }> {
  const client = await authed(ctx);
  if (!client.ok) return client;
  const served = await servedStep(ctx, client.value);
  return served === undefined ? { ok: true, client: client.value } : { ok: false, verdict: served };
}

/** A socket for one property run: the set-up showed that connecting works, so a failure here is a real problem. */
const propertySocket = (ctx: Ctx) => ctx.clients.connect(withToken(ctx.credentials.token ?? "", "auth"));

/** One valid value of `schema`, generated from it with the run's seed (so a replay regenerates the same one). */
const sampleOf = <S extends Parameters<typeof arbitraryOf>[0]>(schema: S, seed: number) =>
  fc.sample(arbitraryOf(schema), { seed, numRuns: 1 })[0];

/**
 * The mutations of a few valid requests, one per command shape. Each is a flat list (`mutationsOf`), so shrinking a
 * failure takes a step or two rather than walking a generated base.
 */
function mutatedRequests(ctx: Ctx, requestId: string): fc.Arbitrary<Mutation> {
  const entity = String(ctx.fixtures.existing.users ?? ctx.fixtures.unknownId);
  const payload = sampleOf(credentialCreateSchema, ctx.fc.seed);
  const bases = [
    { command: "list", module: "users" },
    { command: "read", module: "users", entity },
    { command: "create", module: "credentials", payload },
  ];
  return fc.oneof(...bases.map((base) => mutationsOf(requestSchema, { ...base, requestId }))).filter(small);
}

/** Malformed create payloads for the modules that need no fixture, each with its module. */
function mutatedPayloads(ctx: Ctx) {
  return fc
    .oneof(
      mutationsOf(userCreateSchema, sampleOf(userCreateSchema, ctx.fc.seed)).map((m) => ({
        module: "users",
        mutation: m,
      })),
      mutationsOf(credentialCreateSchema, sampleOf(credentialCreateSchema, ctx.fc.seed)).map((m) => ({
        module: "credentials",
        mutation: m,
      })),
    )
    .filter(({ mutation }) => small(mutation));
}

export const robustnessChecks: readonly NestmtxCheck[] = [
  {
    id: "nestmtx.robustness.mutated-requests",
    level: "should",
    hostile: true,
    doc: doc(
      "requestStructure",
      QUOTES.structure,
      "REAL-SERVERS: requests are validated (entity for read/update/delete, payload for create/update, no unknown keys)",
    ),
    title: "answers a request that breaks the structure with an error on its requestId event and keeps serving",
    run: async (ctx) => {
      const setup = await servedSocket(ctx);
      if (!setup.ok) return setup.verdict;
      setup.client.close();
      const requestId = "volley-mutated";
      return runProperty(ctx, mutatedRequests(ctx, requestId), async (mutation) => {
        const client = await propertySocket(ctx);
        client.emit("request", mutation.value);
        const v = mutation.value as { requestId?: unknown } | null;
        // A mutation that broke the requestId itself cannot be answered on it (D3): only staying up is owed.
        if (typeof v === "object" && v !== null && v.requestId === requestId) {
          const got = await client.next(requestId, ctx.timeoutMs);
          expectError(
            got.kind === "event" ? { kind: "answer", value: got.args[0] } : { kind: "none" },
            mutation.description,
          );
        }
        await stillServes(ctx, client, mutation.description);
        client.close();
      });
    },
  },
  {
    id: "nestmtx.robustness.mutated-payloads",
    level: "should",
    hostile: true,
    doc: doc("requestStructure", QUOTES.resultOrError),
    title: "answers create with a malformed payload on its requestId event (value or error) and keeps serving",
    run: async (ctx) => {
      const setup = await servedSocket(ctx);
      if (!setup.ok) return setup.verdict;
      setup.client.close();
      return runProperty(ctx, mutatedPayloads(ctx), async ({ module, mutation }) => {
        const client = await propertySocket(ctx);
        const answer = await ask(ctx, client, { command: "create", module, payload: mutation.value });
        if (answer.kind === "none")
          throw new Mismatch({
            title: `create ${module} with ${mutation.description} is answered`,
            expected: "the module's value or an error on the requestId event",
            actual: describeAnswer(answer),
          });
        // The payload's rules are the server's (D9); one that took the payload gets its entity removed again.
        const id = createdIdOf(answer.value);
        if (id !== undefined)
          for (const { entity } of formsOf(id)) await ask(ctx, client, { command: "delete", module, entity });
        await stillServes(ctx, client, `create ${module} with ${mutation.description}`);
        client.close();
      });
    },
  },
  {
    id: "nestmtx.robustness.unusable-request-id",
    level: "should",
    hostile: true,
    doc: doc(
      "responses",
      QUOTES.sameRequestId,
      "D3: a request without a usable requestId is answered on `failure` or not at all",
    ),
    title: "answers a request without a usable requestId on no event of its own making, and keeps serving",
    run: async (ctx) => {
      const setup = await servedSocket(ctx);
      if (!setup.ok) return setup.verdict;
      const client = setup.client;
      const mark = ctx.transcript.mark();
      const bad = [{ command: "list", module: "users" }, { command: "list", module: "users", requestId: "" }, 42, null];
      for (const request of bad) client.emit("request", request);
      const probe = newRequestId();
      expectSuccess(
        await ask(ctx, client, { command: "list", module: "users" }, probe),
        "after them, list users is answered",
      );
      const odd = ctx.transcript
        .since(mark)
        .filter((e) => e.kind === "receive" && e.event !== probe && e.event !== "failure" && !PUSH_EVENTS.has(e.event));
      return odd.length === 0
        ? pass()
        : fail({
            title: "requests without a usable requestId get no answer on an invented event",
            expected: "nothing, or `failure` (the real server's event, D3)",
            actual: odd,
          });
    },
  },
  {
    id: "nestmtx.robustness.unknown-event",
    level: "should",
    doc: doc("requestStructure", "**Event Name**: All requests are made via the `request` event."),
    title: "keeps serving a socket that emitted an event other than `request`",
    run: async (ctx) => {
      const setup = await servedSocket(ctx);
      if (!setup.ok) return setup.verdict;
      const client = setup.client;
      client.emit("volley-unknown-event", { command: "list", module: "users", requestId: newRequestId() });
      await stillServes(ctx, client, "an unknown event");
      return pass();
    },
  },
  {
    id: "nestmtx.robustness.oversized-request",
    level: "should",
    hostile: true,
    doc: doc("requestStructure", QUOTES.payload),
    title: "survives a request of 2 MB: a new socket is served afterwards",
    run: async (ctx) => {
      const setup = await servedSocket(ctx);
      if (!setup.ok) return setup.verdict;
      const client = setup.client;
      const requestId = newRequestId();
      client.emit("request", {
        command: "create",
        module: "credentials",
        requestId,
        payload: { description: "x".repeat(2_000_000) },
      });
      // Whatever the server does with it (an error, or dropping the socket at its buffer limit) happens first.
      await firstOf(client, [requestId, "disconnect"], ctx.timeoutMs);
      const fresh = await ctx.clients.open(withToken(ctx.credentials.token ?? "", "auth"));
      if (!fresh.ok)
        return fail({ title: "after a 2 MB request, a new socket is let in", expected: "connected", actual: fresh });
      await stillServes(ctx, fresh.client, "a 2 MB request on another socket");
      return pass();
    },
  },
];
