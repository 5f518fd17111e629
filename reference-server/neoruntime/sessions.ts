import { createHash, randomBytes } from "node:crypto";
import type { Socket } from "socket.io";

/** A user keeps this many live tokens; each `authenticate` adds one, so the oldest go first (DECISIONS.md D4). */
const TOKENS_PER_USER = 64;

const sha256Hex = (text: string) => createHash("sha256").update(text).digest("hex");

/** Users, the tokens issued to them, and which sockets have authenticated (neoruntime.md § Connect). */
export class Sessions {
  private readonly hashes = new Map<string, string>();
  private readonly tokens = new Map<string, string>();
  private readonly tokensOf = new Map<string, string[]>();
  private readonly authenticated = new WeakMap<Socket, string>();

  constructor(users: readonly { username: string; password: string }[]) {
    for (const u of users) this.hashes.set(u.username, sha256Hex(u.password));
  }

  /** The hash a client must send for a password, for describe(). */
  static passwordHash(password: string): string {
    return sha256Hex(password);
  }

  /** A new token for a right username/hash pair, else false (D6: the hash is compared case-insensitively). */
  login(username: string, passwordHash: string): string | false {
    if (this.hashes.get(username) !== passwordHash.toLowerCase()) return false;
    const token = randomBytes(32).toString("hex");
    const mine = this.tokensOf.get(username) ?? [];
    mine.push(token);
    if (mine.length > TOKENS_PER_USER) this.tokens.delete(mine.shift() as string);
    this.tokensOf.set(username, mine);
    this.tokens.set(token, username);
    return token;
  }

  /** The user a token was issued to, or undefined. */
  redeem(token: string): string | undefined {
    return this.tokens.get(token);
  }

  authenticate(socket: Socket, username: string): void {
    this.authenticated.set(socket, username);
  }

  isAuthenticated(socket: Socket): boolean {
    return this.authenticated.has(socket);
  }
}
