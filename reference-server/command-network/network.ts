import type { Server, Socket } from "socket.io";
import type { z } from "zod";
import {
  type ClientToServerEvents,
  type CommandAck,
  type FailureAck,
  failure,
  type GetClientsAck,
  type GetIdAck,
  type GetPastCommandsAck,
  type RegisterAck,
  type ServerToClientEvents,
} from "../../protocols/command-network/index.js";
import type { ApiContext } from "../api-module.js";
import type { ClientDirectory } from "./directory.js";
import { faultNames } from "./faults.js";
import type { PastCommands } from "./past-commands.js";

/** Typed views of the shell's untyped server and sockets, so a misspelled emit is a compile error. */
export type NetworkServer = Server<ClientToServerEvents, ServerToClientEvents>;
export type NetworkSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/** Registered connections join this room: broadcasts and notices go to it only (DECISIONS.md D1, D3). */
export const REGISTERED_ROOM = "registered";

/** The state one running command network shares between its handlers. */
export interface Network {
  readonly ctx: ApiContext;
  readonly io: NetworkServer;
  readonly directory: ClientDirectory;
  readonly history: PastCommands;
}

type Ack = (res: unknown) => void;
type AnyAck = RegisterAck | GetIdAck | GetClientsAck | GetPastCommandsAck | CommandAck;

/** The ack is the last argument when it is a function; the payload the first one otherwise (DECISIONS.md D6). */
function callOf(socket: NetworkSocket, args: unknown[]): Call {
  const last = args.at(-1);
  const ack = typeof last === "function" ? (last as Ack) : undefined;
  return { socket, data: args.length > (ack === undefined ? 0 : 1) ? args[0] : undefined, ack };
}

/** Acks `res` when the client asked for an ack; every failure is counted, answered or not. */
export function answer(net: Network, ack: Ack | undefined, res: AnyAck): void {
  if (!res.success) net.ctx.countError(res.error);
  ack?.(res);
}

/** Parses a payload, or gives the 422 ack naming the first problem (DECISIONS.md D5). */
export function parsePayload<T>(
  schema: z.ZodType<T>,
  data: unknown,
): { ok: true; value: T } | { ok: false; failure: FailureAck } {
  const parsed = schema.safeParse(data);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue === undefined ? "payload" : issue.path.join(".") || "payload";
  return { ok: false, failure: failure("invalidPayload", `${where}: ${issue?.message ?? "invalid"}`) };
}

/** The 422 ack for a string over `limits.maxStringBytes`, or undefined when it fits (DECISIONS.md D4, D10). */
export function oversized(net: Network, field: string, text: string): FailureAck | undefined {
  const limit = net.ctx.options.limits.maxStringBytes;
  return Buffer.byteLength(text) > limit ? failure("invalidPayload", `${field} exceeds ${limit} bytes`) : undefined;
}

export interface Call {
  readonly socket: NetworkSocket;
  readonly data: unknown;
  readonly ack: Ack | undefined;
}

/**
 * Registers a handler through the shell (instrumentation, delay knob, containment) that runs only for an open
 * connection (DECISIONS.md D20).
 */
export function handle(net: Network, socket: Socket, event: keyof ClientToServerEvents, fn: (call: Call) => void) {
  net.ctx.on(socket, event, (...args) => {
    if (!socket.connected) return;
    fn(callOf(socket, args));
  });
}

/** Like `handle`, for the actions that need a registered caller: the others are answered 480 (REAL-SERVERS.md). */
export function handleAction(
  net: Network,
  socket: Socket,
  event: Exclude<keyof ClientToServerEvents, "register">,
  fn: (call: Call, caller: string) => void,
) {
  handle(net, socket, event, (call) => {
    const caller = net.directory.nameOf(socket) ?? (net.ctx.faulty(faultNames.unregisteredAccess) ? "" : undefined);
    if (caller === undefined) answer(net, call.ack, failure("mustRegister"));
    else fn(call, caller);
  });
}
