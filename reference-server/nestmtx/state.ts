import type { Camera, Credential, User } from "../../protocols/nestmtx/index.js";
import type { NestmtxFixtures } from "./fixtures.js";
import { Table } from "./table.js";
import { TokenStore } from "./tokens.js";

/** Rows as stored: answers leave out the secrets (see `publicUser`, `publicCredential`). */
export type UserRow = User & { password: string };
export type CredentialRow = Credential & { oauth_client_secret: string };

/** Rows per module: the in-memory database is bounded whatever clients create (D11). */
export const MAX_ROWS_PER_MODULE = 10_000;
/** Bearer grants kept at once; the oldest is forgotten first. */
export const MAX_TOKENS = 10_000;

export interface NestmtxState {
  readonly users: Table<UserRow>;
  readonly credentials: Table<CredentialRow>;
  readonly cameras: Table<Camera>;
  readonly tokens: TokenStore;
}

export const nowIso = () => new Date().toISOString();

export function publicUser({ password: _, ...user }: UserRow): User {
  return user;
}

export function publicCredential({ oauth_client_secret: _, ...credential }: CredentialRow): Credential {
  return credential;
}

/** Loads the fixtures; ids are 1, 2, ... in fixture order. */
export function createState(fixtures: NestmtxFixtures): NestmtxState {
  const state: NestmtxState = {
    users: new Table(MAX_ROWS_PER_MODULE),
    credentials: new Table(MAX_ROWS_PER_MODULE),
    cameras: new Table(MAX_ROWS_PER_MODULE),
    tokens: new TokenStore(MAX_TOKENS),
  };
  const at = nowIso();
  for (const u of fixtures.users) {
    const row = state.users.insert((id) => ({
      id,
      username: u.username,
      password: u.password,
      created_at: at,
      updated_at: at,
    }));
    if (row) state.tokens.add(u.token, row.id);
    // Expired the moment the server started: known to the store, refused as any expired grant is.
    if (row && u.expiredToken !== undefined) state.tokens.add(u.expiredToken, row.id, 0);
  }
  for (const c of fixtures.credentials) {
    state.credentials.insert((id) => ({ id, ...c, is_authenticated: true, created_at: at, updated_at: at }));
  }
  for (const c of fixtures.cameras) {
    state.cameras.insert((id) => newCamera(id, { ...c, info: "", is_persistent: false }, at));
  }
  return state;
}

export function newCamera(
  id: number,
  fields: Pick<Camera, "credential_id" | "room" | "name" | "info" | "mtx_path" | "is_enabled" | "is_persistent">,
  at: string,
): Camera {
  return { id, uid: `enterprises/demo/devices/${id}`, expires_at: null, created_at: at, updated_at: at, ...fields };
}
