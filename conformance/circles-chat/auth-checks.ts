import { authenticateRequest, CIRCLES_CHAT_ERRORS } from "../../protocols/circles-chat/index.js";
import { fail, pass, skip, type Verdict } from "../index.js";
import { refusesBadInput } from "./bad-input.js";
import { type ChatCheck, doc, QUOTES } from "./doc.js";
import { type Found, type Identity, identities } from "./fixtures.js";
import { answerOf, type Ctx, describeArrival, signIn } from "./session.js";
import { algNoneToken, expiredToken, forgedToken } from "./tokens.js";

const firstUser = (ctx: Ctx): Identity | undefined => identities(ctx.fixtures).find((i) => !i.device);

/** Sends `authenticate {token}` on a fresh connection and expects `answer`. */
async function authenticateExpecting(ctx: Ctx, token: string, want: "success" | "error", what: string) {
  const client = await ctx.clients.connect({ namespace: "/" });
  client.emit("authenticate", { token });
  const got = await answerOf(ctx, client);
  if (got.event === want) return { verdict: pass(), got };
  return {
    verdict: fail({
      title: `${what} is answered on "${want}"`,
      expected: `an emit on "${want}"`,
      actual: describeArrival(got),
    }),
    got,
  };
}

/**
 * A refused bad token. The document asks for "the Json Web Token associated to the user": a token not signed by the
 * server (forged, or `alg: none`, which anyone can make) is no such token, and an expired JWT is not accepted for
 * processing (RFC 7519 § 4.1.4, the standard the document names). The text of the refusal is free.
 */
function refuses(id: string, what: string, make: (ctx: Ctx, who: Identity) => Found<string>): ChatCheck {
  return {
    id: `circles-chat.auth.${id}`,
    level: "must",
    doc: doc("authentication", QUOTES.authenticate),
    title: `answers authenticate with ${what} on "error", never "success"`,
    run: async (ctx) => {
      const who = firstUser(ctx);
      if (who === undefined) return skip("no fixture user");
      const token = make(ctx, who);
      if (!token.ok) return skip(token.reason);
      return (await authenticateExpecting(ctx, token.value, "error", `authenticate with ${what}`)).verdict;
    },
  };
}

export const authChecks: readonly ChatCheck[] = [
  {
    id: "circles-chat.basics.connect",
    level: "must",
    doc: doc("basics", QUOTES.connection),
    title: "accepts a plain connection to / without credentials",
    run: async (ctx) => {
      const opened = await ctx.clients.open({ namespace: "/" });
      return opened.ok
        ? pass()
        : fail({ title: "a plain connection is accepted", expected: "connected", actual: opened.message });
    },
  },
  {
    id: "circles-chat.auth.user-token",
    level: "must",
    doc: doc("authentication", QUOTES.authAnswer),
    title: 'answers authenticate with a user\'s token on "success"',
    run: async (ctx) => {
      const who = firstUser(ctx);
      if (who === undefined) return skip("no fixture user");
      return (await authenticateExpecting(ctx, who.token, "success", "authenticate with a user's token")).verdict;
    },
  },
  {
    id: "circles-chat.auth.device-token",
    level: "must",
    doc: doc("authentication", QUOTES.authenticate),
    title: 'answers authenticate with a device\'s token on "success" ("Same thing for the device")',
    run: async (ctx) => {
      const device = identities(ctx.fixtures).find((i) => i.device);
      if (device === undefined) return skip("no fixture device");
      return (await authenticateExpecting(ctx, device.token, "success", "authenticate with a device's token")).verdict;
    },
  },
  refuses("forged-token-refused", "a token signed with another secret", (_ctx, who) => forgedToken(who.token)),
  refuses("alg-none-refused", "an unsigned alg: none token", (_ctx, who) => algNoneToken(who.token)),
  refuses("expired-token-refused", "an expired token", (ctx, who): Found<string> => {
    const { secret, expiredToken: given } = ctx.fixtures;
    if (secret !== undefined) return expiredToken(who.token, secret);
    if (given !== undefined) return { ok: true, value: given };
    return { ok: false, reason: "neither fixture secret nor expiredToken given" };
  }),
  {
    id: "circles-chat.auth.invalid-token-text",
    level: "should",
    doc: doc("authentication", QUOTES.authAnswer, 'REAL-SERVERS: authenticate errors say "Invalid token" (D3)'),
    title: 'says "Invalid token" when it refuses a token (REAL-SERVERS.md)',
    run: async (ctx) => {
      const who = firstUser(ctx);
      if (who === undefined) return skip("no fixture user");
      const token = forgedToken(who.token);
      if (!token.ok) return skip(token.reason);
      const { verdict, got } = await authenticateExpecting(ctx, token.value, "error", "a forged token");
      if (verdict.status !== "pass" || got.event === "none") return verdict;
      const text = CIRCLES_CHAT_ERRORS.invalid_token;
      return got.args[0] === text
        ? pass()
        : fail({ title: "the refusal's text", expected: { error: text }, actual: describeArrival(got) });
    },
  },
  {
    id: "circles-chat.auth.already-authenticated",
    level: "should",
    doc: doc("authentication", QUOTES.authAnswer, 'REAL-SERVERS: "Already authenticated"; D15'),
    title: 'answers a second authenticate on "error" "Already authenticated" (REAL-SERVERS.md)',
    run: async (ctx) => {
      const [first, second = first] = identities(ctx.fixtures);
      if (first === undefined || second === undefined) return skip("no fixture user or device");
      const client = await signIn(ctx, first);
      client.emit("authenticate", { token: second.token });
      const got = await answerOf(ctx, client);
      const text = CIRCLES_CHAT_ERRORS.already_authenticated;
      if (got.event === "error" && got.args[0] === text) return pass();
      return fail({
        title: "a second authenticate is refused",
        expected: { error: text },
        actual: describeArrival(got),
      });
    },
  },
  {
    id: "circles-chat.auth.bad-payload",
    level: "should",
    hostile: true,
    doc: doc("authentication", QUOTES.authenticate),
    title: 'answers authenticate with a malformed payload on "error", never "success"',
    run: (ctx): Promise<Verdict> =>
      refusesBadInput(ctx, () => ctx.clients.connect({ namespace: "/" }), "authenticate", authenticateRequest, {
        token: "header.claims.signature",
      }),
  },
];
