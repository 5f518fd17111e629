import { userCreateSchema, userUpdateSchema } from "../../../protocols/nestmtx/index.js";
import { fail, ok } from "../outcome.js";
import { nowIso, publicUser, type UserRow } from "../state.js";
import { entityId, listRows, type ModuleHandlers, notFound, parsePayload, readRow } from "./module.js";

const taken = (rows: readonly UserRow[], username: string, except?: number) =>
  rows.some((u) => u.username === username && u.id !== except);

const usernameTaken = fail("username_taken", [{ message: "username is already in use", path: "username" }]);

// nestmtx.md § Request Structure (module users)
export const usersModule: ModuleHandlers = {
  list: ({ state, request }) => listRows(state.users.all().map(publicUser), request.payload, (u) => u.username),
  read: ({ state, request }) => readRow(state.users, request, publicUser),
  create: ({ state, request, effects }) => {
    const input = parsePayload(userCreateSchema, request.payload);
    if (!input.ok) return input;
    if (taken(state.users.all(), input.value.username)) return usernameTaken;
    const at = nowIso();
    const row = state.users.insert((id) => ({ id, ...input.value, created_at: at, updated_at: at }));
    if (!row) return fail("limit_reached");
    effects.log("info", `User ${row.id} created`);
    return ok(publicUser(row));
  },
  update: ({ state, request, effects }) => {
    const input = parsePayload(userUpdateSchema, request.payload);
    if (!input.ok) return input;
    const row = state.users.get(entityId(request));
    if (!row) return notFound(request);
    if (input.value.username !== undefined && taken(state.users.all(), input.value.username, row.id)) {
      return usernameTaken;
    }
    const updated = { ...row, ...input.value, updated_at: nowIso() };
    state.users.replace(updated);
    effects.log("info", `User ${row.id} updated`);
    return ok(publicUser(updated));
  },
  // D8: deleting a user revokes its tokens and drops its sockets; nobody deletes themselves.
  delete: ({ state, request, userId, effects }) => {
    const id = entityId(request);
    if (id === userId) return fail("cannot_delete_self");
    const row = state.users.delete(id);
    if (!row) return notFound(request);
    state.tokens.revokeUser(id);
    effects.disconnectUser(id);
    effects.log("info", `User ${id} deleted`);
    return ok(publicUser(row));
  },
};
