import type { ProtocolDefinition } from "../protocol.js";

export const neoruntimeProtocol: ProtocolDefinition = {
  name: "neoruntime",
  title: "NeoRuntime",
  document: "neoruntime.md",
  realServerSocketIo: 2,
  namespaces: [],
};
