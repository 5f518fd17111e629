import { randomUUID } from "node:crypto";
import type { Namespace } from "socket.io";
import {
  type ShellClientToServer,
  type ShellInfo,
  type ShellServerToClient,
  shellCommands,
} from "../../protocols/antimony/index.js";
import { CappedLog } from "./capped-log.js";
import type { Notifier, ShellRef } from "./notifier.js";

export interface Shell extends ShellRef {
  readonly backlog: CappedLog;
  /** The shell's concrete namespace once someone has connected. */
  nsp?: Namespace<ShellClientToServer, ShellServerToClient>;
}

const prompt = (node: string) => `${node}# `;

/** Every open shell, and what a simulated node's terminal does with keystrokes. // antimony.md § Shell I/O */
export class ShellRegistry {
  private readonly shells = new Map<string, Shell>();

  constructor(
    private readonly bounds: { readonly lines: number; readonly bytes: number },
    private readonly notifier: Notifier,
  ) {}

  get(id: string): Shell | undefined {
    return this.shells.get(id);
  }

  /** A new shell whose backlog starts with a banner and a prompt (D10). */
  open(owner: string, labId: string, node: string): Shell {
    const shell: Shell = {
      id: randomUUID(),
      owner,
      labId,
      node,
      backlog: new CappedLog(this.bounds.lines, this.bounds.bytes),
    };
    this.shells.set(shell.id, shell);
    this.output(shell, `Connected to ${node} in ${labId}\r\n${prompt(node)}`);
    return shell;
  }

  /** The user's open shells in a lab, optionally on one node only. */
  owned(owner: string, labId: string): Shell[] {
    return [...this.shells.values()].filter((s) => s.owner === owner && s.labId === labId);
  }

  list(owner: string, labId: string): ShellInfo[] {
    return this.owned(owner, labId).map((s) => ({ id: s.id, node: s.node }));
  }

  onLab(labId: string, node?: string): Shell[] {
    return [...this.shells.values()].filter((s) => s.labId === labId && (node === undefined || s.node === node));
  }

  /** Removes the shell, tells its owner on `/shell-commands` and drops its I/O connections. */
  close(shell: Shell, message: string): void {
    if (!this.shells.delete(shell.id)) return;
    this.notifier.shellCommand(shell, shellCommands.close, message);
    shell.nsp?.disconnectSockets();
  }

  /** An I/O error (command 0), after which the shell is gone (command 1). */
  fail(shell: Shell, message: string): void {
    this.notifier.shellCommand(shell, shellCommands.error, message);
    this.close(shell, message);
  }

  /** Echoes keystrokes; each CR or LF ends a line and is answered with a new prompt (D9). */
  input(shell: Shell, keys: string): void {
    this.output(shell, keys.replace(/\r\n|\r|\n/g, `\r\n${prompt(shell.node)}`));
  }

  private output(shell: Shell, text: string): void {
    shell.backlog.push(text);
    shell.nsp?.emit("data", text);
  }
}
