import type { AuthenticateAck, AuthenticateTokenAck } from "./auth.js";
import type { ActionResult, ScriptList } from "./scripts.js";
import type { RuntimeStatus } from "./status.js";
import type { JoinEvent, LeaveEvent, SubscribableEvent, SubscriptionPayload } from "./subscriptions.js";

/**
 * Events a client emits on "/" (the only namespace), as socket.io's typed-events expects them:
 * `Socket<ServerToClientEvents, ClientToServerEvents>` on a client, the reverse on a server.
 */
export interface ActionEvents {
  // neoruntime.md § Connect
  authenticate(username: string, passwordHash: string, ack: (token: AuthenticateAck) => void): void;
  authenticateToken(token: string, ack: (res: AuthenticateTokenAck) => void): void;
  // neoruntime.md § "Actions"
  "NeoRuntime/status"(ack: (status: RuntimeStatus) => void): void;
  "NeoRuntime/Script/Create"(scriptPath: string, ack: (result: ActionResult) => void): void;
  "NeoRuntime/Script/Delete"(scriptPath: string, ack: (result: ActionResult) => void): void;
  /** The document gives Select no return; the reference server acks when asked to (DECISIONS.md D15). */
  "NeoRuntime/Script/Select"(scriptPath: string, ack?: (result: ActionResult) => void): void;
  "NeoRuntime/Scripts/get"(ack: (scripts: ScriptList) => void): void;
}

/** neoruntime.md § "Events": `event + "::join"` / `event + "::leave"`, no arguments (ack optional, D16). */
export type SubscriptionEvents = {
  [E in JoinEvent | LeaveEvent]: (ack?: (result: ActionResult) => void) => void;
};

export type ClientToServerEvents = ActionEvents & SubscriptionEvents;

/** Events the server pushes to clients that joined them (neoruntime.md § "Events"). */
export type ServerToClientEvents = {
  [E in SubscribableEvent]: (payload: SubscriptionPayload<E>) => void;
};

/** The actions of neoruntime.md § "Actions", in document order. */
export const actionEventNames = [
  "NeoRuntime/status",
  "NeoRuntime/Script/Create",
  "NeoRuntime/Script/Delete",
  "NeoRuntime/Script/Select",
  "NeoRuntime/Scripts/get",
] as const satisfies readonly (keyof ActionEvents)[];
export type ActionEventName = (typeof actionEventNames)[number];

export const authEventNames = ["authenticate", "authenticateToken"] as const satisfies readonly (keyof ActionEvents)[];
