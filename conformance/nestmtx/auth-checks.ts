import { ALL_TOPICS } from "../../protocols/nestmtx/index.js";
import { fail, pass, skip } from "../index.js";
import { type Ctx, doc, type NestmtxCheck } from "./doc.js";
import { drain, firstPush, PUSH_EVENTS } from "./pushes.js";
import { DOCUMENTED_MODULES } from "./requests.js";
import {
  ask,
  authed,
  barrier,
  describeAnswer,
  isSuccess,
  NO_TOKEN_REASON,
  TOKEN_PLACES,
  type TokenPlace,
  withToken,
} from "./session.js";
import { fire } from "./triggers.js";

/** A string no server issued as a token. */
const madeUpToken = () => `volley-made-up-token-${Math.random().toString(36).slice(2)}`;

/** nestmtx.md § Using the Token: the token may be in the header, the `auth` object or the query. */
function acceptsTokenIn(place: TokenPlace): NestmtxCheck {
  return {
    id: `nestmtx.auth.token-in-${place}`,
    level: "must",
    doc: doc("usingToken"),
    title: `accepts the token in ${place === "header" ? "the Authorization: Bearer header" : `the ${place} object`} and serves requests`,
    run: async (ctx) => {
      const token = ctx.credentials.token;
      if (token === undefined) return skip(NO_TOKEN_REASON);
      const opened = await ctx.clients.open(withToken(token, place));
      if (!opened.ok)
        return fail({ title: `a valid token in the ${place} is accepted`, expected: "connected", actual: opened });
      const answer = await ask(ctx, opened.client, { command: "list", module: "users" });
      return isSuccess(answer)
        ? pass()
        : fail({
            title: `a socket with a valid token in the ${place} is served`,
            expected: "list users answered with the module's value",
            actual: describeAnswer(answer),
          });
    },
  };
}

/** Opens a connection with `token` in every place and names the places where it was NOT refused. */
async function placesAccepting(ctx: Ctx, token: string): Promise<TokenPlace[]> {
  const accepted: TokenPlace[] = [];
  for (const place of TOKEN_PLACES) {
    const opened = await ctx.clients.open(withToken(token, place));
    if (opened.ok) {
      accepted.push(place);
      opened.client.close();
    } else if (opened.reason !== "refused") {
      throw new Error(`connecting with a token in the ${place}: ${opened.reason}: ${opened.message}`);
    }
  }
  return accepted;
}

/** nestmtx.md § Middleware for Authentication: a token that fails authentication refuses the connection. */
function refuses(name: string, what: string, tokenOf: (ctx: Ctx) => string | undefined, missing = ""): NestmtxCheck {
  return {
    id: `nestmtx.auth.${name}`,
    level: "must",
    doc: doc("middleware"),
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
            actual: `connected with it in: ${accepted.join(", ")}`,
          });
    },
  };
}

/** Tokenless: either refused, or the socket is given nothing. */
const openAnonymous = (ctx: Ctx) => ctx.clients.open({ namespace: "/" });

export const authChecks: readonly NestmtxCheck[] = [
  ...TOKEN_PLACES.map(acceptsTokenIn),
  refuses("bad-token-refused", "a token the server never issued", () => madeUpToken()),
  refuses(
    "expired-token-refused",
    "an expired or revoked token (fixture expiredToken)",
    (ctx) => ctx.fixtures.expiredToken,
    "no expiredToken in the fixtures",
  ),
  {
    id: "nestmtx.auth.no-token-no-data",
    level: "must",
    doc: doc("authOverview"),
    title: "gives a socket without a token no data: refused, or every request answered with an error (D1)",
    run: async (ctx) => {
      const opened = await openAnonymous(ctx);
      if (!opened.ok) return opened.reason === "refused" ? pass() : skip(`no connection: ${opened.message}`);
      const requests = DOCUMENTED_MODULES.flatMap((module) => {
        const id = ctx.fixtures.existing[module];
        return [{ command: "list", module }, ...(id === undefined ? [] : [{ command: "read", module, entity: id }])];
      });
      // All in flight at once: a server that answers tokenless sockets nothing costs one timeout, not six.
      const answers = await Promise.all(requests.map((request) => ask(ctx, opened.client, request)));
      const leaked = requests.flatMap((request, i) => {
        const answer = answers[i] ?? { kind: "none" as const };
        return isSuccess(answer) ? [{ request, answer: describeAnswer(answer) }] : [];
      });
      return leaked.length === 0
        ? pass()
        : fail({
            title: "clients must authenticate before they can perform any operations",
            expected: "a refused connection, or {error} (or nothing) for every request of a tokenless socket",
            actual: leaked,
          });
    },
  },
  {
    id: "nestmtx.auth.anonymous-gets-no-pushes",
    level: "should",
    doc: doc("authOverview"),
    title: "sends a socket without a token no log entries and no status updates (D1, D7)",
    run: async (ctx) => {
      const opened = await openAnonymous(ctx);
      if (!opened.ok) return opened.reason === "refused" ? pass() : skip(`no connection: ${opened.message}`);
      const anonymous = opened.client;
      const mark = ctx.transcript.mark();
      // An authenticated socket shows when something was broadcast; the anonymous one must not have had it.
      const watcher = await authed(ctx);
      if (watcher !== undefined) {
        await drain(watcher, "log");
        const trigger = ctx.fixtures.triggers[0];
        if (trigger !== undefined) await fire(ctx, trigger);
        await firstPush(watcher, ctx.timeoutMs);
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
            actual: got.slice(0, 3),
          });
    },
  },
  {
    id: "nestmtx.auth.reconnect-with-new-token",
    level: "must",
    doc: doc("reconnect"),
    title: "after a refused connection, reconnecting with a valid token is accepted and served",
    run: async (ctx) => {
      const token = ctx.credentials.token;
      if (token === undefined) return skip(NO_TOKEN_REASON);
      const first = await ctx.clients.open(withToken(madeUpToken(), "auth"));
      if (first.ok) first.client.close();
      const again = await ctx.clients.open(withToken(token, "auth"));
      if (!again.ok)
        return fail({ title: "reconnecting with a new token is accepted", expected: "connected", actual: again });
      const answer = await ask(ctx, again.client, { command: "list", module: "users" });
      return isSuccess(answer)
        ? pass()
        : fail({
            title: "the reconnected socket is served",
            expected: "list users answered with the module's value",
            actual: describeAnswer(answer),
          });
    },
  },
];
