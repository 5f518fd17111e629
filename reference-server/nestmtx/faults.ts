import type { FaultDefinition } from "../api-module.js";

/** Deliberate defects, each switched on at exactly one place, each one a conformance check must catch. */
export const NESTMTX_FAULTS = {
  noLogReplay: "nestmtx.no-log-replay",
  unauthenticatedAccess: "nestmtx.unauthenticated-access",
  errorsOnFailureEvent: "nestmtx.errors-on-failure-event",
  noApplicationWildcard: "nestmtx.no-application-wildcard",
} as const;

export const nestmtxFaults: readonly FaultDefinition[] = [
  { name: NESTMTX_FAULTS.noLogReplay, description: "a new connection gets no replay of the last 100 log entries" },
  {
    name: NESTMTX_FAULTS.unauthenticatedAccess,
    description: "requests from sockets without a token are answered with data instead of Unauthorized",
  },
  {
    name: NESTMTX_FAULTS.errorsOnFailureEvent,
    description: "errors for a request with a valid requestId go to `failure` instead of the requestId event",
  },
  {
    name: NESTMTX_FAULTS.noApplicationWildcard,
    description: "status updates are not emitted on `nestmtx:*` (as the real server does)",
  },
];
