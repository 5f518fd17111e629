import type { ProtocolDefinition } from "../protocol.js";
import { CLIENT_EVENTS, SERVER_EVENTS } from "./events.js";

export * from "./auth.js";
export * from "./circle-events.js";
export * from "./errors.js";
export * from "./events.js";
export * from "./ids.js";
export * from "./messages.js";
export * from "./rooms.js";
export * from "./success.js";
export * from "./webrtc.js";

/** circles-chat.md: the "Neo" chat backend, Flask-SocketIO 3 (Socket.IO 2 protocol), one namespace. */
export const circlesChatProtocol: ProtocolDefinition = {
  name: "circles-chat",
  title: "Circles chat",
  document: "circles-chat.md",
  realServerSocketIo: 2,
  namespaces: [
    {
      pattern: "/",
      clientEvents: CLIENT_EVENTS,
      serverEvents: SERVER_EVENTS,
      doc: "circles-chat.md § Listened Channels",
    },
  ],
};
