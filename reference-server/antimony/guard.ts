import type { Namespace, Socket } from "socket.io";
import { handshakeAuthSchema, type Refusal, refusals } from "../../protocols/antimony/index.js";
import type { ApiContext } from "../api-module.js";
import { verifyToken } from "./token.js";

/** What a namespace checks beyond the token: that the concrete namespace exists, and that this user may see it. */
export interface Guard {
  exists?(namespace: string): boolean;
  allowed?(namespace: string, userId: string): boolean;
}

export interface Authenticator {
  readonly secret: Uint8Array;
  readonly users: ReadonlySet<string>;
}

const reasonLabel: Record<Refusal, string> = {
  [refusals.unauthorized]: "unauthorized",
  [refusals.invalidToken]: "invalid_token",
  [refusals.noAccess]: "no_access",
  [refusals.invalidNamespace]: "invalid_namespace",
};

/** The user id the socket authenticated as; set by the guard before any connection handler runs. */
export function userOf(socket: Socket): string {
  return socket.data.userId as string;
}

/** The access token: `auth.token`, or `query.token` for Socket.IO 2.x clients, which cannot send `auth` (D1). */
function tokenOf(socket: Socket): string | undefined {
  const auth = handshakeAuthSchema.safeParse(socket.handshake.auth);
  if (auth.success) return auth.data.token;
  const query = socket.handshake.query.token;
  return typeof query === "string" && query !== "" ? query : undefined;
}

async function decide(socket: Socket, auth: Authenticator, guard: Guard): Promise<Refusal | undefined> {
  const name = socket.nsp.name;
  // A Go server refuses a namespace it has not created before any middleware runs (D2).
  if (guard.exists && !guard.exists(name)) return refusals.invalidNamespace;
  const token = tokenOf(socket);
  if (token === undefined) return refusals.unauthorized;
  const userId = await verifyToken(auth.secret, token);
  if (userId === undefined || !auth.users.has(userId)) return refusals.invalidToken;
  if (guard.allowed && !guard.allowed(name, userId)) return refusals.noAccess;
  socket.data.userId = userId;
  return undefined;
}

/** Refuses a connection with Antimony's `connect_error` messages unless the token (and the guard) allow it. */
export function guardNamespace(nsp: Namespace, ctx: ApiContext, auth: Authenticator, guard: Guard = {}): void {
  nsp.use((socket, next) => {
    decide(socket, auth, guard).then(
      (refusal) => {
        if (refusal === undefined) return next();
        ctx.countRefusal(socket.nsp.name, reasonLabel[refusal]);
        next(new Error(refusal));
      },
      (err: unknown) => {
        ctx.log.error(`auth on ${socket.nsp.name} failed`, err);
        next(new Error(refusals.invalidToken));
      },
    );
  });
}
