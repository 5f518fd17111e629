import fc from "fast-check";
import { requestSchema } from "../../protocols/nestmtx/index.js";
import {
  arbitraryOf,
  blocked,
  type DocPointer,
  fail,
  Mismatch,
  pass,
  runProperty,
  type SioClient,
  skip,
  type Verdict,
} from "../index.js";
import { type Ctx, doc, type NestmtxCheck, QUOTES } from "./doc.js";
import { ERROR_FORMS } from "./documented.js";
import { formsOf, readInSomeForm } from "./entity-forms.js";
import { DOCUMENTED_MODULES, usableRequestId } from "./requests.js";
import {
  answerOn,
  ask,
  authed,
  barrier,
  describeAnswer,
  EXAMPLE_REQUEST,
  expectNoEntity,
  expectSuccess,
  isError,
  isSuccess,
  newRequestId,
  servedStep,
  withToken,
} from "./session.js";

/** A check that needs one authenticated socket; `body` throws Mismatch on a departure. */
function withSocket(
  id: string,
  level: "must" | "should",
  pointer: DocPointer,
  title: string,
  body: (ctx: Ctx, client: SioClient) => Promise<Verdict | undefined>,
): NestmtxCheck {
  return {
    id,
    level,
    doc: pointer,
    title,
    run: async (ctx) => {
      const client = await authed(ctx);
      if (!client.ok) return client.verdict;
      return (await body(ctx, client.value)) ?? pass();
    },
  };
}

/** Each request must be answered with an error (any form carrying a message) on its own requestId event. */
function rejects(
  id: string,
  level: "must" | "should",
  pointer: DocPointer,
  title: string,
  requests: (ctx: Ctx) => object[],
): NestmtxCheck {
  return withSocket(id, level, pointer, title, async (ctx, client) => {
    // All in flight at once: each is answered on its own requestId, and a silent server costs one timeout, not n.
    const sent = requests(ctx);
    const answers = await Promise.all(sent.map((request) => ask(ctx, client, request)));
    const wrong = sent.flatMap((request, i) => {
      const answer = answers[i] ?? { kind: "none" as const };
      return isError(answer) ? [] : [{ request, answer: describeAnswer(answer) }];
    });
    return wrong.length === 0 ? pass() : fail({ title, expected: ERROR_FORMS, actual: wrong });
  });
}

/** An entity to name where the check is about something else: a fixture id, else the unknown one. */
const someEntity = (ctx: Ctx) => ctx.fixtures.existing.users ?? ctx.fixtures.unknownId;

export const requestChecks: readonly NestmtxCheck[] = [
  withSocket(
    "nestmtx.requests.answer-on-request-id",
    "must",
    doc("responses", QUOTES.sameRequestId),
    "answers the document's example (list users) with the module's value on the requestId event",
    async (ctx, client) => {
      expectSuccess(await ask(ctx, client, EXAMPLE_REQUEST), "list users is answered");
      return undefined;
    },
  ),
  withSocket(
    "nestmtx.requests.read-existing",
    "must",
    doc("requestStructure", QUOTES.entity),
    "answers read of an existing entity of each module with its value (the id as the fixtures give it, or as text/number)",
    async (ctx, client) => {
      const ids = DOCUMENTED_MODULES.flatMap((m) => {
        const entity = ctx.fixtures.existing[m];
        return entity === undefined ? [] : [[m, entity] as const];
      });
      if (ids.length === 0) return skip("no existing entity ids in the fixtures (fixture `existing`)");
      for (const [module, entity] of ids) {
        const found = await readInSomeForm(ctx, client, module, entity);
        if (!found.ok)
          throw new Mismatch({
            title: `read ${module} ${entity} answers the entity (the id as the fixtures give it, or as text/number)`,
            expected: "the requested data",
            actual: found.answers,
          });
      }
      return undefined;
    },
  ),
  withSocket(
    "nestmtx.requests.concurrent-request-ids",
    "must",
    doc(
      "requestStructure",
      "**requestId**: A unique identifier for your request, used to match responses with requests.",
    ),
    "answers several requests in flight each on its own (generated) requestId event",
    async (ctx, client) => {
      // Set-up: each module's list is answered on a plain requestId (crud.delete-then-list owns that behaviour), so a
      // failure below is about the generated requestIds.
      for (const module of DOCUMENTED_MODULES) {
        const answer = await ask(ctx, client, { command: "list", module });
        if (!isSuccess(answer))
          return blocked(`list ${module} on a plain requestId`, `answered ${JSON.stringify(describeAnswer(answer))}`);
      }
      const requests = fc.uniqueArray(
        fc.record({
          requestId: arbitraryOf(requestSchema.shape.requestId).filter(usableRequestId),
          module: fc.constantFrom(...DOCUMENTED_MODULES),
        }),
        { minLength: 2, maxLength: 5, selector: (r) => r.requestId },
      );
      return runProperty(ctx, requests, async (batch) => {
        const socket = await ctx.clients.connect(withToken(ctx.credentials.token ?? "", "auth"));
        for (const r of batch) socket.emit("request", { command: "list", module: r.module, requestId: r.requestId });
        for (const r of batch)
          expectSuccess(await answerOn(ctx, socket, r.requestId), `list ${r.module} answered on "${r.requestId}"`);
        socket.close();
      });
    },
  ),
  {
    id: "nestmtx.requests.answer-only-to-asker",
    level: "must",
    doc: doc("responses", QUOTES.sameRequestId),
    title: "emits an answer back to the client that asked and to no other socket",
    run: async (ctx) => {
      const [asker, other] = [await authed(ctx), await authed(ctx, "header")];
      if (!asker.ok) return asker.verdict;
      if (!other.ok) return other.verdict;
      const requestId = newRequestId();
      const served = await servedStep(ctx, asker.value);
      if (served !== undefined) return served;
      await ask(ctx, asker.value, EXAMPLE_REQUEST, requestId);
      await barrier(ctx, other.value);
      const stray = await other.value.silence(requestId, 0);
      return stray.kind === "silent"
        ? pass()
        : fail({
            title: "another socket does not receive the answer",
            expected: `nothing on "${requestId}" at ${other.value.name}`,
            actual: stray.args,
          });
    },
  },
  rejects(
    "nestmtx.validation.missing-entity",
    "must",
    doc("requestStructure", QUOTES.entity),
    "read, update and delete without entity are answered with an error",
    (ctx) => [
      { command: "read", module: "users" },
      { command: "update", module: "users", payload: { username: "volley-unused" } },
      { command: "delete", module: "users" },
      ...(ctx.fixtures.existing.cameras === undefined ? [] : [{ command: "delete", module: "cameras" }]),
    ],
  ),
  rejects(
    "nestmtx.validation.missing-payload",
    "must",
    doc("requestStructure", QUOTES.payload),
    "create and update without payload are answered with an error",
    (ctx) => [
      { command: "create", module: "users" },
      { command: "create", module: "credentials" },
      { command: "update", module: "users", entity: someEntity(ctx) },
    ],
  ),
  rejects(
    "nestmtx.validation.unknown-key",
    "should",
    doc("requestStructure", QUOTES.structure, "REAL-SERVERS: requests are validated, unknown keys rejected"),
    "a request with a key the structure does not list is answered with an error",
    () => [{ command: "list", module: "users", volleyUnknownKey: 1 }],
  ),
  rejects(
    "nestmtx.validation.unknown-module",
    "must",
    doc("requestStructure", QUOTES.resultOrError),
    "a request for a module that does not exist is answered with an error",
    () => [{ command: "list", module: "volley-no-such-module" }],
  ),
  rejects(
    "nestmtx.validation.unknown-command",
    "must",
    doc("requestStructure", QUOTES.resultOrError),
    "a command other than list/create/read/update/delete is answered with an error",
    () => [{ command: "volley-no-such-command", module: "users" }],
  ),
  withSocket(
    "nestmtx.crud.read-unknown-entity",
    "must",
    doc("responses", QUOTES.resultOrError),
    "answers read of an entity that does not exist with an error or with nothing (null, {}), never data",
    async (ctx, client) => {
      // Read only: there is no "requested data" to send, so the answer is an error, or null. Deleting what is not
      // there may be an idempotent success on a server that follows the document too.
      const entity = ctx.fixtures.unknownId;
      for (const module of DOCUMENTED_MODULES)
        for (const form of formsOf(entity))
          expectNoEntity(
            await ask(ctx, client, { command: "read", module, entity: form.entity }),
            `read ${module} ${JSON.stringify(form.entity)}`,
          );
      return undefined;
    },
  ),
];
