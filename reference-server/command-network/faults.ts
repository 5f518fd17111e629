import type { FaultDefinition } from "../api-module.js";

/** Deliberate defects, each switched on at exactly one place, each one a conformance check must catch. */
export const faultNames = {
  unregisteredAccess: "command-network.unregistered-access",
  broadcastToUnregistered: "command-network.broadcast-to-unregistered",
  senderEcho: "command-network.sender-echo",
  wrongNotConnectedCode: "command-network.wrong-not-connected-code",
  noDisconnectNotice: "command-network.no-disconnect-notice",
} as const;

export const commandNetworkFaults: readonly FaultDefinition[] = [
  {
    name: faultNames.unregisteredAccess,
    description: "actions before register are served instead of answered 480",
  },
  {
    name: faultNames.broadcastToUnregistered,
    description: "a broadcast command also reaches connections that never registered (as the real server does)",
  },
  {
    name: faultNames.senderEcho,
    description: "a broadcast command without mirror is echoed back to its sender",
  },
  {
    name: faultNames.wrongNotConnectedCode,
    description: "a command to a registered but disconnected client answers 440 instead of 441",
  },
  {
    name: faultNames.noDisconnectNotice,
    description: "client_disconnect is never broadcast when a registered client's connection closes",
  },
];
