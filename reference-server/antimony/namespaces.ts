import type { Namespace, Socket } from "socket.io";
import {
  type ErrorAck,
  errorCodes,
  type LabCommandAck,
  type LabCommandsClientToServer,
  type LabUpdatesServerToClient,
  type NoEvents,
  namespaces,
  type ShellClientToServer,
  type ShellCommandsServerToClient,
  type ShellServerToClient,
  type StatusMessagesServerToClient,
  shellDataSchema,
} from "../../protocols/antimony/index.js";
import { namespaceRegExp } from "../../protocols/protocol.js";
import type { ApiContext } from "../api-module.js";
import { antimonyFaults } from "./faults.js";
import { type Authenticator, guardNamespace, userOf } from "./guard.js";
import type { LabCommandHandler } from "./lab-commands.js";
import type { Labs } from "./labs.js";
import { joinUserRoom, type NotifierNamespaces } from "./notifier.js";
import type { ShellRegistry } from "./shells.js";

// socket.io's Server is untyped here (the shell serves five APIs); each namespace gets its own event maps.
const typed = <C extends object, S extends object>(nsp: Namespace) => nsp as unknown as Namespace<C, S>;

/** The segments of a concrete dynamic namespace name: `/logs/a/b` → ["logs", "a", "b"]. */
const segments = (name: string) => name.split("/").slice(1);

/** `/status-messages`, `/lab-updates`, `/shell-commands`: authenticated users join their own room and listen. */
export function serveGlobalNamespaces(ctx: ApiContext, auth: Authenticator): NotifierNamespaces {
  const global = <S extends object>(pattern: string) => {
    const nsp = ctx.io.of(pattern);
    guardNamespace(nsp, ctx, auth);
    nsp.on("connection", (socket) => joinUserRoom(socket, userOf(socket)));
    return typed<NoEvents, S>(nsp);
  };
  return {
    status: global<StatusMessagesServerToClient>(namespaces.statusMessages),
    updates: global<LabUpdatesServerToClient>(namespaces.labUpdates),
    shellCommands: global<ShellCommandsServerToClient>(namespaces.shellCommands),
  };
}

/** `/lab-commands`: `data` with a one-argument ack. // antimony.md § Lab Commands */
export function serveLabCommands(ctx: ApiContext, auth: Authenticator, handler: LabCommandHandler): void {
  const nsp = ctx.io.of(namespaces.labCommands);
  const ackErrors = !ctx.faulty(antimonyFaults.silentErrors.name);
  guardNamespace(nsp, ctx, auth);
  nsp.on("connection", (socket) => {
    const userId = userOf(socket);
    ctx.on(socket, "data", async (...args) => {
      const ack = args.at(-1);
      if (typeof ack !== "function") {
        // Nobody could learn the outcome, so nothing is done (D14).
        ctx.countError(errorCodes.invalidRequest);
        return;
      }
      const reply: LabCommandAck = await handler.handle(userId, args.length > 1 ? args[0] : undefined);
      if ("code" in reply) {
        ctx.countError(reply.code);
        if (!ackErrors) return;
      }
      // The typed signature of this ack. // antimony.md § Lab Commands
      (ack as Parameters<LabCommandsClientToServer["data"]>[1])(reply);
    });
  });
}

/** `/logs/<labId>` and `/logs/<labId>/<node>`. // antimony.md § Lab Log Streaming, § Node Log Streaming */
export function serveLogs(ctx: ApiContext, auth: Authenticator, labs: Labs): void {
  const sendBacklog = !ctx.faulty(antimonyFaults.missingBacklog.name);
  const labOf = (name: string) => labs.get(segments(name)[1] ?? "");
  const allowed = (name: string, userId: string) => labOf(name)?.hasAccess(userId) === true;

  const labLogs = ctx.io.of(namespaceRegExp(namespaces.labLogs));
  guardNamespace(labLogs, ctx, auth, { exists: (name) => labOf(name)?.logs !== undefined, allowed });
  labLogs.on("connection", (socket) => labOf(socket.nsp.name)?.logs?.subscribe(socket, sendBacklog));

  const nodeOf = (name: string) => {
    const lab = labOf(name);
    return lab?.state === "running" ? lab.nodes.get(segments(name)[2] ?? "") : undefined;
  };
  const nodeLogs = ctx.io.of(namespaceRegExp(namespaces.nodeLogs));
  guardNamespace(nodeLogs, ctx, auth, { exists: (name) => nodeOf(name) !== undefined, allowed });
  nodeLogs.on("connection", (socket) => nodeOf(socket.nsp.name)?.logs.subscribe(socket, sendBacklog));
}

/** `/shells/<shellId>`: the owner's terminal. // antimony.md § Shell I/O */
export function serveShells(ctx: ApiContext, auth: Authenticator, shells: ShellRegistry, maxStringBytes: number): void {
  const anyone = ctx.faulty(antimonyFaults.foreignShellAccess.name);
  const shellOf = (name: string) => shells.get(segments(name)[1] ?? "");
  const nsp = ctx.io.of(namespaceRegExp(namespaces.shell));
  guardNamespace(nsp, ctx, auth, {
    exists: (name) => shellOf(name) !== undefined,
    allowed: (name, userId) => anyone || shellOf(name)?.owner === userId,
  });
  nsp.on("connection", (raw) => {
    const socket = raw as unknown as Socket<ShellClientToServer, ShellServerToClient>;
    const shell = shellOf(raw.nsp.name);
    if (shell === undefined) return;
    shell.nsp = socket.nsp;
    socket.emit("backlog", shell.backlog.snapshot());
    ctx.on(raw, "data", (keys, ack) => {
      const input = shellDataSchema.safeParse(keys);
      if (input.success && Buffer.byteLength(input.data) <= maxStringBytes) {
        // The shell may have closed while this event waited for the delay knob.
        const current = shells.get(shell.id);
        if (current) shells.input(current, input.data);
        return;
      }
      ctx.countError(errorCodes.invalidRequest);
      const error: ErrorAck = { code: errorCodes.invalidRequest, message: "Shell input must be a string" };
      if (typeof ack === "function") ack(error);
    });
  });
}
