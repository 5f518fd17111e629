import type { ProtocolDefinition } from "../protocol.js";
import { namespaces } from "./namespaces.js";

export * from "./auth.js";
export * from "./errors.js";
export * from "./events.js";
export * from "./lab-commands.js";
export * from "./lab-updates.js";
export * from "./log-line-format.js";
export * from "./logs.js";
export * from "./namespaces.js";
export * from "./shell-commands.js";
export * from "./shells.js";
export * from "./status-messages.js";

/** The Antimony Socket.IO API: seven namespaces, two event names (`data`, `backlog`). // antimony.md */
export const antimonyProtocol: ProtocolDefinition = {
  name: "antimony",
  title: "Antimony",
  document: "antimony.md",
  realServerSocketIo: 4,
  namespaces: [
    { pattern: namespaces.statusMessages, clientEvents: [], serverEvents: ["data"], doc: "§ Status Messages" },
    { pattern: namespaces.labUpdates, clientEvents: [], serverEvents: ["data"], doc: "§ Lab Updates" },
    { pattern: namespaces.labLogs, clientEvents: [], serverEvents: ["data", "backlog"], doc: "§ Lab Log Streaming" },
    { pattern: namespaces.nodeLogs, clientEvents: [], serverEvents: ["data", "backlog"], doc: "§ Node Log Streaming" },
    { pattern: namespaces.labCommands, clientEvents: ["data"], serverEvents: [], doc: "§ Lab Commands" },
    { pattern: namespaces.shellCommands, clientEvents: [], serverEvents: ["data"], doc: "§ Shell Commands" },
    { pattern: namespaces.shell, clientEvents: ["data"], serverEvents: ["data", "backlog"], doc: "§ Shell I/O" },
  ],
};
