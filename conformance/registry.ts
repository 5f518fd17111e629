import type { ApiName } from "../protocols/protocol.js";
import { antimonySuite } from "./antimony/index.js";
import { circlesChatSuite } from "./circles-chat/index.js";
import { commandNetworkSuite } from "./command-network/index.js";
import { neoruntimeSuite } from "./neoruntime/index.js";
import { nestmtxSuite } from "./nestmtx/index.js";
import type { AnySuite } from "./suite.js";

/** The one list of conformance suites, one per API definition. */
export const suites: Readonly<Record<ApiName, AnySuite>> = {
  neoruntime: neoruntimeSuite,
  "command-network": commandNetworkSuite,
  "circles-chat": circlesChatSuite,
  nestmtx: nestmtxSuite,
  antimony: antimonySuite,
};
