import { antimonyProtocol } from "./antimony/index.js";
import { circlesChatProtocol } from "./circles-chat/index.js";
import { commandNetworkProtocol } from "./command-network/index.js";
import { neoruntimeProtocol } from "./neoruntime/index.js";
import { nestmtxProtocol } from "./nestmtx/index.js";
import type { ApiName, ProtocolDefinition } from "./protocol.js";

export * from "./protocol.js";

/** The one list of API definitions; its order is also the order of ports from `volley serve --port N`. */
export const protocols: Readonly<Record<ApiName, ProtocolDefinition>> = {
  neoruntime: neoruntimeProtocol,
  "command-network": commandNetworkProtocol,
  "circles-chat": circlesChatProtocol,
  nestmtx: nestmtxProtocol,
  antimony: antimonyProtocol,
};
