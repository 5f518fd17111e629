import { namespaces, refusals } from "../../protocols/antimony/index.js";
import { fail, pass } from "../index.js";
import { type AntimonyCheck, type Ctx, doc, QUOTES } from "./doc.js";
import { mainToken, tokenSetup } from "./session.js";

/** The namespaces every authenticated user may join; the dynamic ones have their own checks. */
const GLOBAL = [namespaces.statusMessages, namespaces.labUpdates, namespaces.labCommands, namespaces.shellCommands];

/** Tokens no server may accept: garbage, and the main token with its signature (last part) altered. */
function badTokens(token: string | undefined): string[] {
  const out = ["volley-not-a-token"];
  if (token !== undefined) out.push(`${token.slice(0, -2)}${token.endsWith("AA") ? "BB" : "AA"}`);
  return out;
}

async function refusedEverywhere(ctx: Ctx, auth: Record<string, unknown> | undefined, title: string) {
  for (const namespace of GLOBAL) {
    const r = await ctx.clients.open(auth === undefined ? { namespace } : { namespace, auth });
    if (r.ok) return fail({ title, expected: `a refused connection to ${namespace}`, actual: "connected" });
  }
  return pass();
}

export const authChecks: AntimonyCheck[] = [
  {
    id: "antimony.auth.token-accepted",
    level: "must",
    doc: doc("auth", QUOTES.auth),
    title: "accepts the access token in the handshake's auth on every global namespace",
    run: async (ctx) => {
      const s = tokenSetup(ctx);
      if (!s.ok) return s.verdict;
      const token = s.value;
      for (const namespace of GLOBAL) {
        const r = await ctx.clients.open({ namespace, auth: { token } });
        if (!r.ok)
          return fail({
            title: `the access token is refused on ${namespace}`,
            expected: "connected",
            actual: `${r.reason}: ${r.message}`,
          });
      }
      return pass();
    },
  },
  {
    id: "antimony.auth.no-token-refused",
    level: "must",
    doc: doc("auth", QUOTES.auth),
    title: "refuses a connection without an access token on every global namespace",
    run: (ctx) => refusedEverywhere(ctx, undefined, "a connection without a token is accepted"),
  },
  {
    id: "antimony.auth.bad-token-refused",
    level: "must",
    doc: doc("auth", QUOTES.auth),
    title: "refuses a connection with a forged or garbage token on every global namespace",
    run: async (ctx) => {
      for (const token of badTokens(mainToken(ctx))) {
        const v = await refusedEverywhere(ctx, { token }, "a connection with an invalid token is accepted");
        if (v.status !== "pass") return v;
      }
      return pass();
    },
  },
  {
    id: "antimony.auth.refusal-messages",
    level: "should",
    doc: doc(
      "auth",
      QUOTES.auth,
      'REAL-SERVERS: refusal is a connect_error ("Unauthorized", "Invalid Token", "No Access"); DECISIONS D2',
    ),
    title: 'names the refusal as the real server does: "Unauthorized" without a token, "Invalid Token" with a bad one',
    run: async (ctx) => {
      const cases = [
        { auth: undefined, want: refusals.unauthorized },
        ...badTokens(mainToken(ctx)).map((token) => ({ auth: { token }, want: refusals.invalidToken })),
      ];
      for (const c of cases) {
        const namespace = namespaces.labCommands;
        const r = await ctx.clients.open(c.auth === undefined ? { namespace } : { namespace, auth: c.auth });
        const actual = r.ok ? "connected" : `${r.reason}: ${r.message}`;
        if (r.ok || r.reason !== "refused" || r.message !== c.want)
          return fail({
            title: "the connect_error message departs from the real server's (REAL-SERVERS.md § antimony.md)",
            expected: `refused: ${c.want}`,
            actual,
          });
      }
      return pass();
    },
  },
];
