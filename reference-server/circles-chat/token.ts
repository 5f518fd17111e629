import { createHmac } from "node:crypto";
import { errors, jwtVerify } from "jose";
import { type TokenClaims, tokenClaims } from "../../protocols/circles-chat/index.js";

const base64url = (data: string | Buffer) => Buffer.from(data).toString("base64url");

/**
 * Signs an HS256 JWT synchronously (node:crypto), so `describe()` can print ready tokens; verification goes through
 * jose, which enforces the algorithm and `exp`.
 */
export function signToken(secret: string, claims: TokenClaims, ttlSeconds: number, now = Date.now()): string {
  const iat = Math.floor(now / 1000);
  const head = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const body = base64url(JSON.stringify({ ...claims, iat, exp: iat + ttlSeconds }));
  const signature = createHmac("sha256", secret).update(`${head}.${body}`).digest("base64url");
  return `${head}.${body}.${signature}`;
}

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; reason: string };

/**
 * Verifies a token: HS256 only (so `alg: none` and forged signatures fail), `exp` honoured when present.
 * `ignoreExpiry` exists for the `circles-chat.expired-token-accepted` fault only.
 */
export async function verifyToken(secret: string, token: string, ignoreExpiry: boolean): Promise<TokenCheck> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ["HS256"],
      ...(ignoreExpiry ? { currentDate: new Date(0) } : {}),
    });
    const claims = tokenClaims.safeParse(payload);
    return claims.success ? { ok: true, claims: claims.data } : { ok: false, reason: "claims" };
  } catch (err) {
    if (err instanceof errors.JOSEError) return { ok: false, reason: err.code };
    throw err;
  }
}
