import { randomBytes } from "node:crypto";
import { fail, pass, skip, type Verdict } from "../index.js";
import { type Ctx, doc, type NeoCheck, QUOTES } from "./doc.js";
import { ackOf, issueToken, loginOf, NO_LOGIN, NO_PASSWORD, sha256Hex, statusOf } from "./session.js";
import { statusLeak, withheld } from "./withheld.js";

/** § Connect step 1: "if not, it is false". */
async function refusedLogin(ctx: Ctx, args: readonly unknown[], what: string): Promise<Verdict> {
  const client = await ctx.clients.connect({ namespace: "/" });
  const ack = await ackOf(ctx, client, "authenticate", args, "authenticate is acked");
  return ack === false ? pass() : fail({ title: `authenticate with ${what} acks false`, expected: false, actual: ack });
}

/** neoruntime.md § Connect: a token for a right username/password combination, `false` otherwise; then
 * `authenticateToken` acks `true` for a valid token and `false` for any other. */
export const authChecks: readonly NeoCheck[] = [
  {
    id: "neoruntime.auth.authenticate-issues-token",
    level: "must",
    doc: doc("connect", QUOTES.tokenIssued),
    title: "acks authenticate(username, sha256 hex of password) with a token string",
    run: async (ctx) => {
      const { user, password } = ctx.credentials;
      if (user === undefined || password === undefined) return skip(NO_PASSWORD);
      const client = await ctx.clients.connect({ namespace: "/" });
      await issueToken(ctx, client, user, sha256Hex(password));
      return pass();
    },
  },
  {
    id: "neoruntime.auth.authenticate-wrong-password-false",
    level: "must",
    doc: doc("connect", QUOTES.tokenRefused),
    title: "acks authenticate with a wrong password hash with false",
    run: async (ctx) => {
      const { user, password } = ctx.credentials;
      if (user === undefined || password === undefined) return skip(NO_PASSWORD);
      return refusedLogin(ctx, [user, sha256Hex(`${password}-wrong`)], "a wrong password hash");
    },
  },
  {
    id: "neoruntime.auth.authenticate-unknown-user-false",
    level: "must",
    doc: doc("connect", QUOTES.tokenRefused),
    title: "acks authenticate with an unknown username with false",
    run: async (ctx) => {
      const user = `volley_nobody_${randomBytes(6).toString("hex")}`;
      return refusedLogin(ctx, [user, sha256Hex("volley")], "an unknown username");
    },
  },
  {
    id: "neoruntime.auth.token-authenticates",
    level: "must",
    doc: doc("connect", QUOTES.tokenAccepted),
    title: "acks authenticateToken with a valid token true on a new connection, which then gets answers",
    run: async (ctx) => {
      const login = loginOf(ctx);
      if (login === undefined) return skip(NO_LOGIN);
      // D4: the token outlives the socket that asked for it (the document keeps it in a cookie).
      const token =
        login.kind === "token"
          ? login.token
          : await issueToken(ctx, await ctx.clients.connect({ namespace: "/" }), login.user, login.hash);
      const client = await ctx.clients.connect({ namespace: "/" });
      const res = await ackOf(ctx, client, "authenticateToken", [token], "authenticateToken is acked");
      if (res !== true)
        return fail({ title: "authenticateToken with a valid token acks true", expected: true, actual: res });
      await statusOf(ctx, client);
      return pass();
    },
  },
  {
    id: "neoruntime.auth.unknown-token-false",
    level: "must",
    doc: doc("connect", QUOTES.tokenRejected),
    title: "acks authenticateToken with an unknown token false, and the socket stays unauthenticated",
    run: async (ctx) => {
      const client = await ctx.clients.connect({ namespace: "/" });
      const res = await ackOf(
        ctx,
        client,
        "authenticateToken",
        [randomBytes(32).toString("hex")],
        "authenticateToken is acked",
      );
      if (res !== false)
        return fail({ title: "authenticateToken with an unknown token acks false", expected: false, actual: res });
      const leak = await withheld(ctx, client, "NeoRuntime/status", [], statusLeak);
      return leak === undefined
        ? pass()
        : fail({
            title: "after a refused token, NeoRuntime/status is not answered with the status",
            expected: "no status",
            actual: leak,
          });
    },
  },
];
