import type { ProtocolDefinition } from "../protocol.js";

export const commandNetworkProtocol: ProtocolDefinition = {
  name: "command-network",
  title: "Command network",
  document: "command-network.md",
  realServerSocketIo: 2,
  namespaces: [],
};
