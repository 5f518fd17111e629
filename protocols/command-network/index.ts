import type { ProtocolDefinition } from "../protocol.js";
import { clientEventNames, serverEventNames } from "./events.js";

export * from "./clients.js";
export * from "./commands.js";
export * from "./errors.js";
export * from "./events.js";

/** command-network.md: one namespace, the default one, reached at the default Socket.IO path. */
export const commandNetworkProtocol: ProtocolDefinition = {
  name: "command-network",
  title: "Command network",
  document: "command-network.md",
  realServerSocketIo: 2,
  namespaces: [
    {
      pattern: "/",
      clientEvents: clientEventNames,
      serverEvents: serverEventNames,
      doc: "command-network.md § Theory",
    },
  ],
};
