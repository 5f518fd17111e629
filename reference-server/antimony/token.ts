import { createHmac } from "node:crypto";
import { jwtVerify } from "jose";

/** Demo tokens never expire in practice: 2100-01-01, fixed so that the same fixtures always give the same tokens. */
const DEMO_EXPIRY_SECONDS = 4_102_444_800;

const base64url = (data: string | Buffer) => Buffer.from(data).toString("base64url");

/**
 * Signs an HS256 access token for a user (`sub`) synchronously, so that `describe()` can print it.
 * Deterministic: no `iat`, a fixed `exp` unless given.
 */
export function mintToken(secret: string, userId: string, expSeconds = DEMO_EXPIRY_SECONDS): string {
  const head = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const body = base64url(JSON.stringify({ sub: userId, exp: expSeconds }));
  const signature = createHmac("sha256", secret).update(`${head}.${body}`).digest("base64url");
  return `${head}.${body}.${signature}`;
}

/** The user id of a valid token, or undefined: bad signature, `alg: none` or any algorithm but HS256, expired. */
export async function verifyToken(secret: Uint8Array, token: string): Promise<string | undefined> {
  try {
    const { payload } = await jwtVerify(token, secret, { algorithms: ["HS256"] });
    return typeof payload.sub === "string" ? payload.sub : undefined;
  } catch {
    // jose throws for every kind of invalid token; all of them are one refusal, "Invalid Token".
    return undefined;
  }
}
