import { loginSchema, type TokenGrant } from "../../../protocols/nestmtx/index.js";
import { type Failure, fail } from "../outcome.js";
import { type NestmtxState, publicUser } from "../state.js";
import { type ModuleHandlers, parsePayload } from "./module.js";

/** A bearer for a username and password, or `invalid_credentials`; shared by the socket module and HTTP. */
export function login(state: NestmtxState, payload: unknown): { ok: true; value: TokenGrant } | Failure {
  const input = parsePayload(loginSchema, payload);
  if (!input.ok) return input;
  const user = state.users.all().find((u) => u.username === input.value.username);
  if (!user || user.password !== input.value.password) return fail("invalid_credentials");
  return { ok: true, value: { ...state.tokens.issue(user.id), user: publicUser(user) } };
}

/**
 * `request {command:"create", module:"auth", payload:{username, password}}` (REAL-SERVERS.md). Open to anonymous
 * sockets; the token is for the next connection, it does not upgrade this one (D2).
 */
export const authModule: ModuleHandlers = {
  insecure: true,
  create: ({ state, request, userId }) =>
    userId !== undefined ? fail("already_logged_in") : login(state, request.payload),
};
