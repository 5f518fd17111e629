import fc from "fast-check";
import { requestSchema } from "../../protocols/nestmtx/index.js";
import { arbitraryOf, fail, pass, runProperty, type SioClient, skip, type Verdict } from "../index.js";
import { type Ctx, doc, type NestmtxCheck, type SECTIONS } from "./doc.js";
import { DOCUMENTED_MODULES, usableRequestId } from "./requests.js";
import {
  answerOn,
  ask,
  authed,
  barrier,
  describeAnswer,
  ERROR_SHAPE,
  expectError,
  expectSuccess,
  isWireError,
  NO_TOKEN_REASON,
  newRequestId,
} from "./session.js";

/** A check that needs one authenticated socket; `body` throws Mismatch on a departure. */
function withSocket(
  id: string,
  level: "must" | "should",
  section: keyof typeof SECTIONS,
  title: string,
  body: (ctx: Ctx, client: SioClient) => Promise<Verdict | undefined>,
): NestmtxCheck {
  return {
    id,
    level,
    doc: doc(section),
    title,
    run: async (ctx) => {
      const client = await authed(ctx);
      if (client === undefined) return skip(NO_TOKEN_REASON);
      return (await body(ctx, client)) ?? pass();
    },
  };
}

/** Each request must be answered with an error on its own requestId event. */
function rejects(id: string, title: string, requests: (ctx: Ctx) => object[]): NestmtxCheck {
  return withSocket(id, "must", "requestStructure", title, async (ctx, client) => {
    // All in flight at once: each is answered on its own requestId, and a silent server costs one timeout, not n.
    const sent = requests(ctx);
    const answers = await Promise.all(sent.map((request) => ask(ctx, client, request)));
    const wrong = sent.flatMap((request, i) => {
      const answer = answers[i] ?? { kind: "none" as const };
      return isWireError(answer) ? [] : [{ request, answer: describeAnswer(answer) }];
    });
    return wrong.length === 0 ? pass() : fail({ title, expected: ERROR_SHAPE, actual: wrong });
  });
}

/** An entity to name where the check is about something else: a fixture id, else the unknown one. */
const someEntity = (ctx: Ctx) => ctx.fixtures.existing.users ?? ctx.fixtures.unknownId;

export const requestChecks: readonly NestmtxCheck[] = [
  withSocket(
    "nestmtx.requests.answer-on-request-id",
    "must",
    "exampleRequest",
    "answers the document's example (list users) with the module's value on the requestId event",
    async (ctx, client) => {
      expectSuccess(await ask(ctx, client, { command: "list", module: "users" }), "list users is answered");
      return undefined;
    },
  ),
  withSocket(
    "nestmtx.requests.read-existing",
    "must",
    "requestStructure",
    "answers read of an existing entity of each module with its value (entity sent as a string id)",
    async (ctx, client) => {
      const ids = DOCUMENTED_MODULES.flatMap((m) => {
        const entity = ctx.fixtures.existing[m];
        return entity === undefined ? [] : [[m, String(entity)] as const];
      });
      if (ids.length === 0) return skip("no existing entity ids in the fixtures");
      for (const [module, entity] of ids)
        expectSuccess(await ask(ctx, client, { command: "read", module, entity }), `read ${module} ${entity}`);
      return undefined;
    },
  ),
  withSocket(
    "nestmtx.requests.concurrent-request-ids",
    "must",
    "responses",
    "answers several requests in flight each on its own (generated) requestId event",
    (ctx) => {
      const requests = fc.uniqueArray(
        fc.record({
          requestId: arbitraryOf(requestSchema.shape.requestId).filter(usableRequestId),
          module: fc.constantFrom(...DOCUMENTED_MODULES),
        }),
        { minLength: 2, maxLength: 5, selector: (r) => r.requestId },
      );
      return runProperty(ctx, requests, async (batch) => {
        const client = await authed(ctx);
        if (client === undefined) return;
        for (const r of batch) client.emit("request", { command: "list", module: r.module, requestId: r.requestId });
        for (const r of batch)
          expectSuccess(await answerOn(ctx, client, r.requestId), `list ${r.module} answered on "${r.requestId}"`);
        client.close();
      });
    },
  ),
  {
    id: "nestmtx.requests.answer-only-to-asker",
    level: "must",
    doc: doc("responses"),
    title: "emits an answer back to the client that asked and to no other socket",
    run: async (ctx) => {
      const [asker, other] = [await authed(ctx), await authed(ctx, "header")];
      if (asker === undefined || other === undefined) return skip(NO_TOKEN_REASON);
      const requestId = newRequestId();
      expectSuccess(await ask(ctx, asker, { command: "list", module: "users" }, requestId), "list users is answered");
      await barrier(ctx, other);
      const stray = await other.silence(requestId, 0);
      return stray.kind === "silent"
        ? pass()
        : fail({
            title: "another socket does not receive the answer",
            expected: `nothing on "${requestId}" at ${other.name}`,
            actual: stray.args,
          });
    },
  },
  rejects(
    "nestmtx.validation.missing-entity",
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
    "create and update without payload are answered with an error",
    (ctx) => [
      { command: "create", module: "users" },
      { command: "create", module: "credentials" },
      { command: "update", module: "users", entity: String(someEntity(ctx)) },
    ],
  ),
  rejects(
    "nestmtx.validation.unknown-key",
    "a request with a key the structure does not list is answered with an error",
    () => [{ command: "list", module: "users", volleyUnknownKey: 1 }],
  ),
  rejects(
    "nestmtx.validation.unknown-module",
    "a request for a module that does not exist is answered with an error",
    () => [{ command: "list", module: "volley-no-such-module" }],
  ),
  rejects(
    "nestmtx.validation.unknown-command",
    "a command other than list/create/read/update/delete is answered with an error",
    () => [{ command: "volley-no-such-command", module: "users" }],
  ),
  withSocket(
    "nestmtx.crud.read-unknown-entity",
    "must",
    "responses",
    "answers read of an entity that does not exist with an error",
    async (ctx, client) => {
      // Read only: there is no "requested data" to send, so the answer is an error. Deleting what is not there may
      // be an idempotent success on a server that follows the document too.
      const entity = String(ctx.fixtures.unknownId);
      for (const module of DOCUMENTED_MODULES)
        expectError(await ask(ctx, client, { command: "read", module, entity }), `read ${module} ${entity}`);
      return undefined;
    },
  ),
];
