import type { ProtocolDefinition } from "../protocol.js";
import { actionEventNames, authEventNames } from "./events.js";
import { joinEvent, leaveEvent, subscribableEvents } from "./subscriptions.js";

export * from "./auth.js";
export * from "./errors.js";
export * from "./events.js";
export * from "./scripts.js";
export * from "./status.js";
export * from "./subscriptions.js";

/** neoruntime.md: everything lives on the main namespace "/" (the real server is socket.io 2.1, REAL-SERVERS.md). */
export const neoruntimeProtocol: ProtocolDefinition = {
  name: "neoruntime",
  title: "NeoRuntime",
  document: "neoruntime.md",
  realServerSocketIo: 2,
  namespaces: [
    {
      pattern: "/",
      clientEvents: [
        ...authEventNames,
        ...actionEventNames,
        ...subscribableEvents.flatMap((e) => [joinEvent(e), leaveEvent(e)]),
      ],
      serverEvents: [...subscribableEvents],
      doc: "neoruntime.md § Client",
    },
  ],
};
