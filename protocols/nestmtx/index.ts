import type { ProtocolDefinition } from "../protocol.js";
import { ALL_TOPICS } from "./topics.js";

export * from "./errors.js";
export * from "./events.js";
export * from "./log.js";
export * from "./modules.js";
export * from "./request.js";
export * from "./topics.js";

/** Where a client authenticates over HTTP (the real server's `router.any('/api/:module/:id?')`, module `auth`). */
// nestmtx.md § Obtaining a Token
export const AUTH_HTTP_PATH = "/api/auth";

/**
 * Where the reference server publishes a status update on demand (`publishSchema` body, bearer required). Not part
 * of the document (DECISIONS.md D12): load scenarios may use it against the reference server, checks may not rely on it.
 */
export const SIMULATE_HTTP_PATH = "/api/simulate";

/**
 * NestMTX speaks on the main namespace only. Answers go out on the client's own `requestId` event, which is dynamic
 * and so not listed (metrics count it as `<dynamic>`).
 */
export const nestmtxProtocol: ProtocolDefinition = {
  name: "nestmtx",
  title: "NestMTX",
  document: "nestmtx.md",
  realServerSocketIo: 4,
  namespaces: [
    {
      pattern: "/",
      clientEvents: ["request"],
      serverEvents: ["log", "failure", ...ALL_TOPICS],
      doc: "nestmtx.md § How to Make Requests, § Getting Status Updates, § Streaming Logs",
    },
  ],
};
