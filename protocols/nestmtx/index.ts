import type { ProtocolDefinition } from "../protocol.js";

export const nestmtxProtocol: ProtocolDefinition = {
  name: "nestmtx",
  title: "NestMTX",
  document: "nestmtx.md",
  realServerSocketIo: 4,
  namespaces: [],
};
