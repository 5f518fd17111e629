import { randomBytes } from "node:crypto";

/** How long an issued token lasts: the real server's default of one day. */
const TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

interface Grant {
  readonly userId: number;
  readonly expiresAt: number;
}

/** Bearer tokens, AdonisJS style (`oat_...`), capped: past the cap the oldest grant is dropped (D11). */
export class TokenStore {
  readonly #grants = new Map<string, Grant>();

  constructor(
    readonly maxGrants: number,
    readonly now: () => number = Date.now,
  ) {}

  /** A fixture token, valid for as long as the server runs, or until `expiresAt` (ms; in the past: expired). */
  add(token: string, userId: number, expiresAt = Number.POSITIVE_INFINITY): void {
    this.#remember(token, { userId, expiresAt });
  }

  issue(userId: number): { bearer: string; expiration: string } {
    const bearer = `oat_${randomBytes(24).toString("base64url")}`;
    const expiresAt = this.now() + TOKEN_LIFETIME_MS;
    this.#remember(bearer, { userId, expiresAt });
    return { bearer, expiration: new Date(expiresAt).toISOString() };
  }

  /** The user a token belongs to, or undefined if it is unknown or expired. */
  verify(token: string): number | undefined {
    const grant = this.#grants.get(token);
    if (grant === undefined || grant.expiresAt <= this.now()) return undefined;
    return grant.userId;
  }

  revokeUser(userId: number): void {
    for (const [token, grant] of this.#grants) if (grant.userId === userId) this.#grants.delete(token);
  }

  #remember(token: string, grant: Grant): void {
    if (this.#grants.size >= this.maxGrants) {
      const oldest = this.#grants.keys().next();
      if (!oldest.done) this.#grants.delete(oldest.value);
    }
    this.#grants.set(token, grant);
  }
}
