import type { Socket } from "socket.io";
import {
  type ActionEventName,
  type ActionResult,
  type NeoruntimeErrorCode,
  neoruntimeErrors,
} from "../../protocols/neoruntime/index.js";
import { type Call, splitCall } from "./call.js";
import { neoruntimeFaultNames } from "./faults.js";
import { parseScriptPath } from "./script-store.js";
import type { NeoruntimeState } from "./state.js";

const ok: ActionResult = { res: true };
const fail = (resMsg: NeoruntimeErrorCode): ActionResult => ({ res: false, resMsg });

/** neoruntime.md § "Actions": answered only to authenticated sockets (D5), each with one ack argument (D2). */
export function registerActionHandlers(state: NeoruntimeState, socket: Socket): void {
  const { ctx } = state;
  const action = (event: ActionEventName, fn: (call: Call) => void) =>
    ctx.on(socket, event, (...args) => {
      if (state.allowed(socket)) fn(splitCall(args));
    });
  const answer = ({ ack }: Call, result: ActionResult) => {
    if (ack === undefined) return;
    if (!result.res) ctx.countError(result.resMsg);
    ack(result);
  };

  action("NeoRuntime/status", ({ ack }) => ack?.(state.runtime.status()));
  action("NeoRuntime/Scripts/get", ({ ack }) => ack?.(state.store.list()));
  action("NeoRuntime/Script/Create", (call) => answer(call, create(state, call.values)));
  action("NeoRuntime/Script/Delete", (call) => answer(call, remove(state, call.values)));
  action("NeoRuntime/Script/Select", (call) => answer(call, select(state, call.values)));
}

function create({ ctx, store, publish }: NeoruntimeState, values: readonly unknown[]): ActionResult {
  const p = parseScriptPath(values);
  if (!p.ok) return fail(p.code);
  if (p.loc === "remote") return fail(neoruntimeErrors.remoteReadOnly);
  if (store.get(p.path) !== undefined) {
    return ctx.faulty(neoruntimeFaultNames.duplicateCreateSucceeds) ? ok : fail(neoruntimeErrors.alreadyExists);
  }
  const refused = store.create(p.name);
  if (refused !== undefined) return fail(refused);
  publish("NeoRuntime/Scripts", store.list());
  return ok;
}

function remove({ ctx, store, runtime, publish }: NeoruntimeState, values: readonly unknown[]): ActionResult {
  const p = parseScriptPath(values);
  if (!p.ok) return fail(p.code);
  // REAL-SERVERS.md: paths under remote/ cannot be deleted.
  if (p.loc === "remote" && !ctx.faulty(neoruntimeFaultNames.remoteDeletable)) {
    return fail(neoruntimeErrors.remoteReadOnly);
  }
  if (store.get(p.path) === undefined) return fail(neoruntimeErrors.notFound);
  store.delete(p.path);
  runtime.forget(p.path);
  publish("NeoRuntime/Scripts", store.list());
  return ok;
}

function select({ store, runtime }: NeoruntimeState, values: readonly unknown[]): ActionResult {
  const p = parseScriptPath(values);
  if (!p.ok) return fail(p.code);
  const script = store.get(p.path);
  if (script === undefined) return fail(neoruntimeErrors.notFound);
  runtime.select(script);
  return ok;
}
