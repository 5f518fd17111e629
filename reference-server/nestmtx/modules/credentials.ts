import { credentialCreateSchema, credentialUpdateSchema } from "../../../protocols/nestmtx/index.js";
import { fail, ok } from "../outcome.js";
import { nowIso, publicCredential } from "../state.js";
import { entityId, listRows, type ModuleHandlers, notFound, parsePayload, readRow } from "./module.js";

// nestmtx.md § Request Structure (module credentials); topics per § Event Types for the `credentials` domain (D13)
export const credentialsModule: ModuleHandlers = {
  list: ({ state, request }) =>
    listRows(state.credentials.all().map(publicCredential), request.payload, (c) => c.description),
  read: ({ state, request }) => readRow(state.credentials, request, publicCredential),
  create: ({ state, request, effects }) => {
    const input = parsePayload(credentialCreateSchema, request.payload);
    if (!input.ok) return input;
    const at = nowIso();
    const row = state.credentials.insert((id) => ({
      id,
      ...input.value,
      is_authenticated: true,
      created_at: at,
      updated_at: at,
    }));
    if (!row) return fail("limit_reached");
    effects.publish("credentials", "authenticated", row.id, { description: row.description });
    return ok(publicCredential(row));
  },
  update: ({ state, request, effects }) => {
    const input = parsePayload(credentialUpdateSchema, request.payload);
    if (!input.ok) return input;
    const row = state.credentials.get(entityId(request));
    if (!row) return notFound(request);
    const updated = { ...row, ...input.value, is_authenticated: true, updated_at: nowIso() };
    state.credentials.replace(updated);
    effects.publish("credentials", "reauthenticated", row.id, { description: updated.description });
    return ok(publicCredential(updated));
  },
  // Deleting credentials deletes their cameras too (the real table cascades).
  delete: ({ state, request, effects }) => {
    const row = state.credentials.delete(entityId(request));
    if (!row) return notFound(request);
    for (const camera of state.cameras.all()) {
      if (camera.credential_id === row.id) {
        state.cameras.delete(camera.id);
        if (camera.is_enabled) effects.publish("camera", "notReady", camera.id, { reason: "deleted" });
      }
    }
    effects.publish("credentials", "unauthenticated", row.id, { reason: "deleted" });
    return ok(publicCredential(row));
  },
};
