import type { Socket } from "socket.io";
import { type ActionResult, joinEvent, leaveEvent, subscribableEvents } from "../../protocols/neoruntime/index.js";
import { splitCall } from "./call.js";
import type { NeoruntimeState } from "./state.js";

const joined: ActionResult = { res: true };

/** neoruntime.md § "Events": `<event>::join` / `<event>::leave` for the events of D13, authenticated sockets only. */
export function registerSubscriptionHandlers(state: NeoruntimeState, socket: Socket): void {
  const { ctx, runtime } = state;
  for (const event of subscribableEvents) {
    ctx.on(socket, joinEvent(event), (...args) => {
      if (!state.allowed(socket)) return;
      socket.join(event);
      // D14: the current run's backlog first, so a client that awaits the ack has seen it.
      if (event === "NeoRuntime/Script/output") for (const line of runtime.backlog()) socket.emit(event, line);
      splitCall(args).ack?.(joined);
    });
    ctx.on(socket, leaveEvent(event), (...args) => {
      if (!state.allowed(socket)) return;
      socket.leave(event);
      splitCall(args).ack?.(joined);
    });
  }
}
