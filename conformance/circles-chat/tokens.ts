import { createHmac } from "node:crypto";
import type { Found } from "./fixtures.js";

/**
 * Bad tokens made from a good one, without knowing the claim names (DECISIONS.md D3: a check never relies on them):
 * the claims are copied as they are, only the signature, the algorithm or the expiry changes.
 */
interface Jwt {
  readonly header: Record<string, unknown>;
  readonly claims: Record<string, unknown>;
  readonly signed: string;
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const hs256 = (secret: string, data: string) => createHmac("sha256", secret).update(data).digest("base64url");

function parseJwt(token: string): Found<Jwt> {
  const [head, body, signature] = token.split(".");
  if (head === undefined || body === undefined || signature === undefined) {
    return { ok: false, reason: "the fixture token is not a JWT (three dot-separated parts)" };
  }
  try {
    const header = JSON.parse(Buffer.from(head, "base64url").toString("utf8")) as Record<string, unknown>;
    const claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Record<string, unknown>;
    return { ok: true, value: { header, claims, signed: `${head}.${body}` } };
  } catch {
    return { ok: false, reason: "the fixture token's header or claims are not base64url JSON" };
  }
}

/** The same header and claims, signed with a secret the server cannot know. */
export function forgedToken(token: string): Found<string> {
  const jwt = parseJwt(token);
  if (!jwt.ok) return jwt;
  return { ok: true, value: `${jwt.value.signed}.${hs256("volley-forged-secret-not-the-servers", jwt.value.signed)}` };
}

/** The same claims under `alg: none`, with an empty signature (RFC 7519 § 6, the unsecured JWT). */
export function algNoneToken(token: string): Found<string> {
  const jwt = parseJwt(token);
  if (!jwt.ok) return jwt;
  return { ok: true, value: `${encode({ ...jwt.value.header, alg: "none" })}.${encode(jwt.value.claims)}.` };
}

/** The same claims, expired an hour ago, properly signed with the server's secret. */
export function expiredToken(token: string, secret: string, now = Date.now()): Found<string> {
  const jwt = parseJwt(token);
  if (!jwt.ok) return jwt;
  const seconds = Math.floor(now / 1000);
  const signed = `${encode({ alg: "HS256", typ: "JWT" })}.${encode({ ...jwt.value.claims, iat: seconds - 7_200, exp: seconds - 3_600 })}`;
  return { ok: true, value: `${signed}.${hs256(secret, signed)}` };
}
