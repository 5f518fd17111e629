import type { ProtocolDefinition } from "../protocol.js";

export const antimonyProtocol: ProtocolDefinition = {
  name: "antimony",
  title: "Antimony",
  document: "antimony.md",
  realServerSocketIo: 4,
  namespaces: [],
};
