import type { ProtocolDefinition } from "../protocol.js";

export const circlesChatProtocol: ProtocolDefinition = {
  name: "circles-chat",
  title: "Circles chat",
  document: "circles-chat.md",
  realServerSocketIo: 2,
  namespaces: [],
};
