import { randomUUID } from "node:crypto";
import type { Namespace, Socket } from "socket.io";
import type {
  LabUpdatesServerToClient,
  NoEvents,
  Severity,
  ShellCommand,
  ShellCommandsServerToClient,
  StatusMessagesServerToClient,
} from "../../protocols/antimony/index.js";
import type { LabFixture } from "./fixtures.js";

/** Each user's sockets on a global namespace share this room, so that a push reaches that user only (D11). */
export const userRoom = (userId: string) => `user:${userId}`;

export function joinUserRoom(socket: Socket, userId: string): void {
  void socket.join(userRoom(userId));
}

export const members = (lab: LabFixture) => [lab.owner, ...lab.collaborators];

export interface NotifierNamespaces {
  readonly status: Namespace<NoEvents, StatusMessagesServerToClient>;
  readonly updates: Namespace<NoEvents, LabUpdatesServerToClient>;
  readonly shellCommands: Namespace<NoEvents, ShellCommandsServerToClient>;
}

export interface ShellRef {
  readonly id: string;
  readonly owner: string;
  readonly labId: string;
  readonly node: string;
}

/** Pushes on the three global server → client namespaces. // antimony.md § Status Messages, § Lab Updates, § Shell Commands */
export class Notifier {
  constructor(
    private readonly nsps: NotifierNamespaces,
    /** `antimony.shell-commands-leak`: shell commands go to every user, not the shell's owner. */
    private readonly leakShellCommands: boolean,
  ) {}

  status(lab: LabFixture, severity: Severity, content: string, logContent = content): void {
    this.nsps.status.to(members(lab).map(userRoom)).emit("data", {
      payload: { id: randomUUID(), timestamp: new Date().toISOString(), source: "labs", content, logContent, severity },
    });
  }

  labUpdate(lab: LabFixture): void {
    this.nsps.updates.to(members(lab).map(userRoom)).emit("data", { payload: { labId: lab.id } });
  }

  shellCommand(shell: ShellRef, command: ShellCommand, message: string): void {
    const event = { labId: shell.labId, node: shell.node, shellId: shell.id, command, message };
    if (this.leakShellCommands) this.nsps.shellCommands.emit("data", event);
    else this.nsps.shellCommands.to(userRoom(shell.owner)).emit("data", event);
  }
}
