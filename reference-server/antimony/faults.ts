import type { FaultDefinition } from "../api-module.js";

/** Deliberate defects, each one a conformance check must catch; each is switched on at exactly one place. */
export const antimonyFaults = {
  missingBacklog: {
    name: "antimony.missing-backlog",
    description: "log namespaces never send the `backlog` event to a new subscriber",
  },
  wrongErrorCode: {
    name: "antimony.wrong-error-code",
    description: "a lab command for an unknown lab is answered 5000 instead of 5005",
  },
  shellCommandsLeak: {
    name: "antimony.shell-commands-leak",
    description: "`/shell-commands` notifications reach every connected user, not only the shell's owner",
  },
  foreignShellAccess: {
    name: "antimony.foreign-shell-access",
    description: "any authenticated user may connect to another user's `/shells/<shellId>`",
  },
  silentErrors: {
    name: "antimony.silent-errors",
    description: "lab commands that fail are never acknowledged (success acks still arrive)",
  },
} as const satisfies Record<string, FaultDefinition>;

export const faultList: readonly FaultDefinition[] = Object.values(antimonyFaults);
