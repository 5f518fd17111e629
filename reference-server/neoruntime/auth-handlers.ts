import type { Socket } from "socket.io";
import {
  authenticateArgsSchema,
  authenticateTokenArgsSchema,
  neoruntimeAuthFailures,
} from "../../protocols/neoruntime/index.js";
import { splitCall } from "./call.js";
import { neoruntimeFaultNames } from "./faults.js";
import type { NeoruntimeState } from "./state.js";

/** neoruntime.md § Connect: `authenticate` trades credentials for a token, `authenticateToken` spends it (D3). */
export function registerAuthHandlers(state: NeoruntimeState, socket: Socket): void {
  const { ctx, sessions } = state;

  ctx.on(socket, "authenticate", (...args) => {
    const { values, ack } = splitCall(args);
    // Without a callback the token could never reach the client (D7).
    if (ack === undefined) return;
    const parsed = authenticateArgsSchema.safeParse(values);
    const token = parsed.success ? sessions.login(parsed.data[0], parsed.data[1]) : false;
    if (token === false) ctx.countError(neoruntimeAuthFailures.badCredentials);
    ack(token);
  });

  ctx.on(socket, "authenticateToken", (...args) => {
    const { values, ack } = splitCall(args);
    const parsed = authenticateTokenArgsSchema.safeParse(values);
    const token = parsed.success ? parsed.data[0] : undefined;
    const user =
      token === undefined
        ? undefined
        : (sessions.redeem(token) ?? (ctx.faulty(neoruntimeFaultNames.anyTokenAccepted) ? token : undefined));
    if (user === undefined) {
      // D6: a failed attempt leaves an already authenticated socket as it was.
      ctx.countError(neoruntimeAuthFailures.badToken);
      ack?.(false);
      return;
    }
    sessions.authenticate(socket, user);
    ack?.(true);
  });
}
