import {
  type ErrorAck,
  errorCodes,
  isLabCommand,
  type LabCommand,
  type LabCommandAck,
  type LabCommandRequest,
  labCommandRequestSchema,
  labCommands,
} from "../../protocols/antimony/index.js";
import type { Lab } from "./lab.js";
import { done, fail, type Labs } from "./labs.js";
import type { ShellRegistry } from "./shells.js";

type ValidRequest = LabCommandRequest & { command: LabCommand };

/**
 * Validates a `/lab-commands` request: the documented object or its JSON encoding (D4), codes per D5.
 * // antimony.md § Lab Commands; REAL-SERVERS.md § antimony.md
 */
export function parseLabCommand(raw: unknown, maxStringBytes: number): ValidRequest | ErrorAck {
  let value = raw;
  if (typeof raw === "string") {
    if (Buffer.byteLength(raw) > maxStringBytes) return fail(errorCodes.invalidRequest, "Request too large");
    try {
      value = JSON.parse(raw);
    } catch {
      return fail(errorCodes.invalidRequest, "Request is not valid JSON");
    }
  }
  const parsed = labCommandRequestSchema.safeParse(value);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join(".") || "request").join(", ");
    return fail(errorCodes.invalidRequest, `Invalid request: ${fields}`);
  }
  const request = parsed.data;
  const strings = [request.labId, request.node, request.shellId];
  if (strings.some((s) => s !== undefined && Buffer.byteLength(s) > maxStringBytes)) {
    return fail(errorCodes.invalidRequest, "Field too large");
  }
  const { command } = request;
  if (!isLabCommand(command)) return fail(errorCodes.generic, `Unknown command ${command}`);
  return { ...request, command };
}

export interface LabCommandLimits {
  readonly maxStringBytes: number;
  readonly maxShellsPerUser: number;
}

/** Carries out one lab command for a user and gives the one-argument ack. // antimony.md § Lab Commands */
export class LabCommandHandler {
  constructor(
    private readonly labs: Labs,
    private readonly shells: ShellRegistry,
    private readonly limits: LabCommandLimits,
    /** `antimony.wrong-error-code`: an unknown lab is answered with the generic 5000. */
    private readonly unknownLabCode: typeof errorCodes.notFound | typeof errorCodes.generic,
  ) {}

  async handle(userId: string, raw: unknown): Promise<LabCommandAck> {
    const request = parseLabCommand(raw, this.limits.maxStringBytes);
    if ("code" in request) return request;
    const lab = this.labs.get(request.labId);
    if (lab === undefined) return fail(this.unknownLabCode, `Lab ${request.labId} not found`);
    if (!lab.hasAccess(userId)) return fail(errorCodes.noAccess, "No access to this lab");
    switch (request.command) {
      case labCommands.deploy:
        return this.labs.deploy(lab);
      case labCommands.destroy:
        return this.labs.destroy(lab);
      case labCommands.stopNode:
      case labCommands.startNode:
      case labCommands.restartNode: {
        // REAL-SERVERS.md: a missing node is 5006 here, unlike open shell.
        if (request.node === undefined) return fail(errorCodes.nodeNotFound, "A node is required");
        const action =
          request.command === labCommands.stopNode
            ? "stop"
            : request.command === labCommands.startNode
              ? "start"
              : "restart";
        return this.labs.setNode(lab, request.node, action);
      }
      case labCommands.listShells:
        return { payload: this.shells.list(userId, lab.id) };
      case labCommands.openShell:
        return this.openShell(userId, lab, request.node);
      case labCommands.closeShell:
        return this.closeShell(userId, lab, request.shellId);
    }
  }

  private openShell(userId: string, lab: Lab, node: string | undefined): LabCommandAck {
    if (node === undefined) return fail(errorCodes.invalidRequest, "A node is required");
    const runtime = lab.nodes.get(node);
    if (runtime === undefined) return fail(errorCodes.nodeNotFound, `Node ${node} not found`);
    const refused = this.labs.needsRunning(lab);
    if (refused) return refused;
    if (!runtime.running) return fail(errorCodes.notRunning, `Node ${node} is not running`);
    if (this.shells.owned(userId, lab.id).length >= this.limits.maxShellsPerUser) {
      return fail(errorCodes.shellLimit, "Maximum number of open shells reached");
    }
    return { payload: this.shells.open(userId, lab.id, node).id };
  }

  private closeShell(userId: string, lab: Lab, shellId: string | undefined): LabCommandAck {
    if (shellId === undefined) return fail(errorCodes.invalidRequest, "A shell id is required");
    const shell = this.shells.get(shellId);
    // Another user's shell is reported as not found: its existence is none of this user's business.
    if (shell === undefined || shell.owner !== userId || shell.labId !== lab.id) {
      return fail(errorCodes.shellNotFound, `Shell ${shellId} not found`);
    }
    this.shells.close(shell, "Shell closed by user");
    return done;
  }
}
