import type { FaultDefinition } from "../api-module.js";

/** The deliberate defects `volley serve --fault <name>` switches on; each is tested where it is observable. */
export const neoruntimeFaultNames = {
  unauthenticatedAccess: "neoruntime.unauthenticated-access",
  anyTokenAccepted: "neoruntime.any-token-accepted",
  remoteDeletable: "neoruntime.remote-deletable",
  duplicateCreateSucceeds: "neoruntime.duplicate-create-succeeds",
  outputToEveryone: "neoruntime.output-to-everyone",
} as const;

export const neoruntimeFaults: readonly FaultDefinition[] = [
  {
    name: neoruntimeFaultNames.unauthenticatedAccess,
    description: "answers actions and ::join from sockets that never authenticated",
  },
  { name: neoruntimeFaultNames.anyTokenAccepted, description: "authenticateToken acks true for any string" },
  {
    name: neoruntimeFaultNames.remoteDeletable,
    description: "Script/Delete removes remote/ scripts and acks res:true",
  },
  {
    name: neoruntimeFaultNames.duplicateCreateSucceeds,
    description: "Script/Create of an existing script acks res:true instead of a failure",
  },
  {
    name: neoruntimeFaultNames.outputToEveryone,
    description: "script output reaches every connected socket, joined or not, authenticated or not",
  },
];
