import type { Socket } from "socket.io";
import type { TokenStore } from "./tokens.js";

/**
 * The token a connection presents, in the real server's order: `Authorization: Bearer` header, then `auth.token`,
 * then `query.token` (REAL-SERVERS.md). The first one present is the one checked; later ones are not a fallback.
 */
export function presentedToken(socket: Socket): string | undefined {
  const header = socket.handshake.headers.authorization;
  if (typeof header === "string" && header.length > 0) return header.replace(/^Bearer /, "");
  const auth: unknown = socket.handshake.auth;
  if (typeof auth === "object" && auth !== null && "token" in auth && auth.token) return String(auth.token);
  const query = socket.handshake.query.token;
  if (typeof query === "string" && query.length > 0) return query;
  return undefined;
}

export type ConnectionAuth = { readonly ok: true; readonly userId: number | undefined } | { readonly ok: false };

/**
 * nestmtx.md § Middleware for Authentication: a token that fails refuses the connection. A connection without any
 * token is let in anonymously, as on the real server, so that it can log in over the socket; it gets nothing else (D1).
 */
export function authenticateConnection(socket: Socket, tokens: TokenStore): ConnectionAuth {
  const token = presentedToken(socket);
  if (token === undefined) return { ok: true, userId: undefined };
  const userId = tokens.verify(token);
  return userId === undefined ? { ok: false } : { ok: true, userId };
}
