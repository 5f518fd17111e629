import type { Camera, ErrorDetail } from "../../../protocols/nestmtx/index.js";
import { cameraCreateSchema, cameraUpdateSchema } from "../../../protocols/nestmtx/index.js";
import { type Failure, fail, ok } from "../outcome.js";
import { type NestmtxState, newCamera, nowIso } from "../state.js";
import {
  entityId,
  listRows,
  type ModuleHandlers,
  notFound,
  parsePayload,
  readRow,
  type SideEffects,
} from "./module.js";

/** The real server's rules: an enabled or persistent camera needs a stream path, and paths are unique. */
function checkPath(state: NestmtxState, camera: Omit<Camera, "id">, id?: number): Failure | undefined {
  const detail: ErrorDetail[] = [{ message: "mtx_path", path: "mtx_path" }];
  if ((camera.is_enabled || camera.is_persistent) && camera.mtx_path === null) {
    return fail("mtx_path_required", detail);
  }
  if (camera.mtx_path !== null && state.cameras.all().some((c) => c.mtx_path === camera.mtx_path && c.id !== id)) {
    return fail("mtx_path_in_use", detail);
  }
  return undefined;
}

/** Enabling a feed makes it ready; disabling it makes it not ready (D13). */
function announce(effects: SideEffects, before: boolean, after: Camera): void {
  if (!before && after.is_enabled) effects.publish("camera", "ready", after.id, { mtx_path: after.mtx_path });
  if (before && !after.is_enabled) effects.publish("camera", "notReady", after.id, { reason: "disabled" });
}

const noCredential = fail("invalid_payload", [{ message: "no such credential", path: "credential_id" }]);

// nestmtx.md § Request Structure (module cameras), § Event Types for the `camera` domain
export const camerasModule: ModuleHandlers = {
  list: ({ state, request }) => listRows(state.cameras.all(), request.payload, (c) => `${c.room} ${c.name}`),
  read: ({ state, request }) => readRow(state.cameras, request, (row) => row),
  create: ({ state, request, effects }) => {
    const input = parsePayload(cameraCreateSchema, request.payload);
    if (!input.ok) return input;
    if (!state.credentials.get(input.value.credential_id)) return noCredential;
    const at = nowIso();
    const draft = newCamera(0, input.value, at);
    const invalid = checkPath(state, draft);
    if (invalid) return invalid;
    const row = state.cameras.insert((id) => ({ ...draft, id, uid: `enterprises/demo/devices/${id}` }));
    if (!row) return fail("limit_reached");
    announce(effects, false, row);
    return ok(row);
  },
  update: ({ state, request, effects }) => {
    const input = parsePayload(cameraUpdateSchema, request.payload);
    if (!input.ok) return input;
    const row = state.cameras.get(entityId(request));
    if (!row) return notFound(request);
    const updated = { ...row, ...input.value, updated_at: nowIso() };
    const invalid = checkPath(state, updated, row.id);
    if (invalid) return invalid;
    state.cameras.replace(updated);
    announce(effects, row.is_enabled, updated);
    return ok(updated);
  },
  delete: ({ state, request, effects }) => {
    const row = state.cameras.delete(entityId(request));
    if (!row) return notFound(request);
    if (row.is_enabled) effects.publish("camera", "notReady", row.id, { reason: "deleted" });
    return ok(row);
  },
};
