import type { EntityModule } from "../../protocols/nestmtx/index.js";
import { PUSH_EVENTS } from "./pushes.js";

/** The modules nestmtx.md § Request Structure names (the real server's `auth` module is an extra, D2). */
export const DOCUMENTED_MODULES: readonly EntityModule[] = ["users", "cameras", "credentials"];

/** Event names Socket.IO itself reserves: no server can emit an answer on them (DECISIONS.md D3). */
const RESERVED_EVENTS = new Set([
  "connect",
  "connect_error",
  "disconnect",
  "disconnecting",
  "newListener",
  "removeListener",
]);

/**
 * Whether a generated requestId can carry an answer at all: not a name Socket.IO reserves, not a name the server
 * pushes on by itself (`log`, a topic: its pushes would be mistaken for answers), not an `Object.prototype` name
 * (some event emitters trip on them), and short (limits on string length are the server's choice, D11).
 */
export function usableRequestId(id: string): boolean {
  return !RESERVED_EVENTS.has(id) && !PUSH_EVENTS.has(id) && !(id in Object.prototype) && Buffer.byteLength(id) <= 200;
}
