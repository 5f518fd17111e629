import { API_NAMES, type ApiName } from "../protocols/protocol.js";
import { antimonyServer } from "./antimony/index.js";
import type { ApiModule } from "./api-module.js";
import { circlesChatServer } from "./circles-chat/index.js";
import { commandNetworkServer } from "./command-network/index.js";
import { neoruntimeServer } from "./neoruntime/index.js";
import { nestmtxServer } from "./nestmtx/index.js";

// Each module pairs its own fixtures type with its own start(); the registry only hands one to the other.
// biome-ignore lint/suspicious/noExplicitAny: an existential type — every entry is an ApiModule of its own F.
export type AnyApiModule = ApiModule<any>;

/** The one list of reference implementations, one per API definition. */
export const apiServers: Readonly<Record<ApiName, AnyApiModule>> = {
  neoruntime: neoruntimeServer,
  "command-network": commandNetworkServer,
  "circles-chat": circlesChatServer,
  nestmtx: nestmtxServer,
  antimony: antimonyServer,
};

/** Every fault any API offers, for `volley serve --fault` and its help text. */
export function allFaults() {
  return API_NAMES.flatMap((api) => apiServers[api].faults.map((f) => ({ api, ...f })));
}
