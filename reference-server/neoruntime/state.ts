import type { Socket } from "socket.io";
import type { SubscribableEvent, SubscriptionPayload } from "../../protocols/neoruntime/index.js";
import type { ApiContext } from "../api-module.js";
import type { ScriptRuntime } from "./runtime.js";
import type { ScriptStore } from "./script-store.js";
import type { Sessions } from "./sessions.js";

/** Everything the handlers of one running NeoRuntime API share. */
export interface NeoruntimeState {
  readonly ctx: ApiContext;
  readonly sessions: Sessions;
  readonly store: ScriptStore;
  readonly runtime: ScriptRuntime;
  /** Sends `event` to the sockets that joined it (D13); room names are the event names. */
  publish<E extends SubscribableEvent>(event: E, payload: SubscriptionPayload<E>): void;
  /** True when the socket may use actions and subscriptions: it has authenticated (D5). */
  allowed(socket: Socket): boolean;
}
