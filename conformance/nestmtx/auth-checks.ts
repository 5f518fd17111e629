import { ALL_TOPICS } from "../../protocols/nestmtx/index.js";
import { ConnectionProblem, fail, pass, skip, type Verdict } from "../index.js";
import { type Ctx, doc, type NestmtxCheck, QUOTES } from "./doc.js";
import { provokeLog } from "./provoke.js";
import { drain, firstPush, PUSH_EVENTS } from "./pushes.js";
import { DOCUMENTED_MODULES } from "./requests.js";
import {
  ask,
  authed,
  barrier,
  describeAnswer,
  EXAMPLE_REQUEST,
  isError,
  isSuccess,
  NO_TOKEN_REASON,
  servedStep,
  TOKEN_PLACES,
  type TokenPlace,
  withToken,
} from "./session.js";
import { fire } from "./triggers.js";

/** A string no server issued as a token. */
const madeUpToken = () => `volley-made-up-token-${Math.random().toString(36).slice(2)}`;

/**
 * After a connection with a valid token was accepted: passes when the socket is served the document's example
 * request; when it is not, blocked if a socket with the token in the `auth` object is not served either (the server
 * cannot answer the example at all: answer-on-request-id says why), else a failure of this token place.
 */
async function servedWith(ctx: Ctx, place: TokenPlace, title: string): Promise<Verdict> {
  const token = ctx.credentials.token ?? "";
  const opened = await ctx.clients.open(withToken(token, place));
  if (!opened.ok) return fail({ title, expected: "connected", actual: opened });
  const answer = await ask(ctx, opened.client, EXAMPLE_REQUEST);
  if (isSuccess(answer)) return pass();
  const reference = await ctx.clients.open(withToken(token, "auth"));
  const served = reference.ok ? await servedStep(ctx, reference.client) : undefined;
  if (served !== undefined) return served;
  return fail({
    title: `${title}: the socket is served`,
    expected: "list users answered with the module's value, as on a socket with the token in the auth object",
    actual: describeAnswer(answer),
  });
}

/** nestmtx.md § Using the Token: the token may be in the header, the `auth` object or the query. */
function acceptsTokenIn(place: TokenPlace): NestmtxCheck {
  return {
    id: `nestmtx.auth.token-in-${place}`,
    level: "must",
    doc: doc("usingToken", QUOTES.tokenPlaces),
    title: `accepts the token in ${place === "header" ? "the Authorization: Bearer header" : `the ${place} object`} and serves requests`,
    run: (ctx) =>
      ctx.credentials.token === undefined
        ? Promise.resolve(skip(NO_TOKEN_REASON))
        : servedWith(ctx, place, `a valid token in the ${place} is accepted`),
  };
}

/** Opens a connection with `token` in every place and names the places where it was NOT refused. */
async function placesAccepting(ctx: Ctx, token: string): Promise<{ place: TokenPlace; got: string }[]> {
  const accepted: { place: TokenPlace; got: string }[] = [];
  for (const place of TOKEN_PLACES) {
    const opened = await ctx.clients.open(withToken(token, place));
    if (opened.ok) {
      // Let in, then put out by the server before anything else: that rejects the connection too (the document's
      // "reject the connection"; its "error event" is what middleware gives, and a server need not use middleware).
      const out = await opened.client.next("disconnect", ctx.silenceMs);
      if (out.kind === "timeout") accepted.push({ place, got: "connected" });
      opened.client.close();
    } else if (opened.reason === "unreachable") {
      throw new ConnectionProblem(opened.reason, `connecting with a token in the ${place}: ${opened.message}`);
    } else if (opened.reason === "timeout") {
      // Neither let in nor refused: the document promises the client an error event.
      accepted.push({ place, got: `no error event within ${ctx.timeoutMs} ms` });
    }
  }
  return accepted;
}

/** nestmtx.md § Middleware for Authentication: a token that fails refuses the connection. */
function refuses(name: string, what: string, tokenOf: (ctx: Ctx) => string | undefined, missing = ""): NestmtxCheck {
  return {
    id: `nestmtx.auth.${name}`,
    level: "must",
    doc: doc("middleware", QUOTES.rejects),
    title: `refuses a connection with ${what} (connect_error), wherever the token is put`,
    run: async (ctx) => {
      const token = tokenOf(ctx);
      if (token === undefined) return skip(missing);
      const accepted = await placesAccepting(ctx, token);
      return accepted.length === 0
        ? pass()
        : fail({
            title: `a connection with ${what} is rejected`,
            expected: "connect_error for the token in the header, the auth object and the query",
            actual: accepted,
          });
    },
  };
}

const openAnonymous = (ctx: Ctx) => ctx.clients.open({ namespace: "/" });

export const authChecks: readonly NestmtxCheck[] = [
  ...TOKEN_PLACES.map(acceptsTokenIn),
  refuses("bad-token-refused", "a token the server never issued", () => madeUpToken()),
  refuses(
    "expired-token-refused",
    "an expired or revoked token (fixture expiredToken)",
    (ctx) => ctx.fixtures.expiredToken,
    "no expiredToken in the fixtures: give one your server issued that has expired or been revoked",
  ),
  {
    id: "nestmtx.auth.no-token-no-data",
    level: "must",
    doc: doc("authOverview", QUOTES.authFirst),
    title: "gives a socket without a token no data: refused, or every request answered with an error or not at all",
    run: async (ctx) => {
      const opened = await openAnonymous(ctx);
      if (!opened.ok) {
        if (opened.reason === "unreachable") throw new ConnectionProblem(opened.reason, opened.message);
        return pass(); // refused, or never let in: either way it gets nothing
      }
      const requests = DOCUMENTED_MODULES.flatMap((module) => {
        const id = ctx.fixtures.existing[module];
        return [{ command: "list", module }, ...(id === undefined ? [] : [{ command: "read", module, entity: id }])];
      });
      // All in flight at once: a server that answers tokenless sockets nothing costs one timeout, not six.
      const answers = await Promise.all(requests.map((request) => ask(ctx, opened.client, request)));
      const leaked = requests.flatMap((request, i) => {
        const answer = answers[i] ?? { kind: "none" as const };
        return answer.kind === "answer" && !isError(answer) ? [{ request, answer: answer.value }] : [];
      });
      return leaked.length === 0
        ? pass()
        : fail({
            title: "clients must authenticate before they can perform any operations",
            expected: "a refused connection, or an error (or nothing) for every request of a tokenless socket",
            actual: leaked,
          });
    },
  },
  {
    id: "nestmtx.auth.anonymous-gets-no-pushes",
    level: "should",
    doc: doc("authOverview", QUOTES.authFirst, "D7: anonymous sockets get no log entries or status updates"),
    title: "sends a socket without a token no log entries and no status updates",
    run: async (ctx) => {
      const opened = await openAnonymous(ctx);
      if (!opened.ok) {
        if (opened.reason === "unreachable") throw new ConnectionProblem(opened.reason, opened.message);
        return pass(); // refused, or never let in: either way it is pushed nothing
      }
      const anonymous = opened.client;
      const mark = ctx.transcript.mark();
      // An authenticated socket shows when something was pushed; the anonymous one must not have had it.
      const watcher = await authed(ctx);
      if (watcher.ok) {
        await drain(watcher.value, "log");
        const trigger = ctx.fixtures.triggers[0];
        if (trigger !== undefined) await fire(ctx, trigger);
        await provokeLog(ctx, watcher.value);
        await firstPush(watcher.value, ctx.timeoutMs);
        await barrier(ctx, anonymous);
      } else {
        await anonymous.silence("log");
      }
      const got = ctx.transcript
        .since(mark)
        .filter((e) => e.kind === "receive" && e.client === anonymous.name && PUSH_EVENTS.has(e.event));
      return got.length === 0
        ? pass()
        : fail({
            title: "a socket without a token receives no log entries or status updates",
            expected: `none of: log, ${ALL_TOPICS.join(", ")}`,
            actual: got,
          });
    },
  },
  {
    id: "nestmtx.auth.reconnect-with-new-token",
    level: "must",
    doc: doc(
      "reconnect",
      "If you need to update the token (e.g., after it has expired), you can disconnect and reconnect the Socket.IO client with the new token:",
    ),
    title: "after a refused connection, reconnecting with a valid token is accepted and served",
    run: async (ctx) => {
      if (ctx.credentials.token === undefined) return skip(NO_TOKEN_REASON);
      const first = await ctx.clients.open(withToken(madeUpToken(), "auth"));
      if (first.ok) first.client.close();
      return servedWith(ctx, "auth", "reconnecting with a new token is accepted");
    },
  },
];
