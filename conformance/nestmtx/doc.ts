import type { Check, CheckContext, DocPointer } from "../index.js";
import type { NestmtxFixtures } from "./fixtures.js";

export type NestmtxCheck = Check<NestmtxFixtures>;
export type Ctx = CheckContext<NestmtxFixtures>;

/** The sections of nestmtx.md, as headed there; DECISIONS.md and REAL-SERVERS.md settle what they leave open. */
export const SECTIONS = {
  intro: "Socket.IO API",
  requestStructure: "How to Make Requests, Request Structure",
  exampleRequest: "How to Make Requests, Example Request",
  responses: "How to Make Requests, Handling Responses",
  authOverview: "How to Authenticate, Authentication Overview",
  usingToken: "How to Authenticate, Using the Token",
  middleware: "How to Authenticate, Middleware for Authentication",
  reconnect: "How to Authenticate, Reconnecting with a New Token",
  statusUpdates: "Getting Status Updates",
  topicFormat: "Getting Status Updates, Topic Format",
  payloadFormat: "Getting Status Updates, Payload Format",
  cameraEvents: "Getting Status Updates, Event Types for the `camera` domain",
  credentialsEvents: "Getting Status Updates, Event Types for the `credentials` domain",
  logs: "Streaming Logs",
  logLevels: "Streaming Logs, Log Levels",
} as const;

/** Sentences of nestmtx.md that several checks enforce, verbatim (test/conformance/check-basis.test.ts finds them). */
export const QUOTES = {
  lcrud:
    "The Socket.IO API supports the same modules and L.C.R.U.D. (List, Create, Read, Update, Delete) methods as the HTTP API",
  sameRequestId: "Responses from the server are emitted back to the client with the same `requestId` you provided.",
  resultOrError:
    "The server will send the result of your request, which could be the requested data or an error message if the request was invalid.",
  entity:
    "**entity**: (Optional) The specific entity you want to operate on, required for `read`, `update`, and `delete` commands.",
  payload: "**payload**: (Optional) The data required for `create` and `update` commands.",
  structure: "The payload is a JSON object that must adhere to the following structure:",
  tokenPlaces:
    "The token can be passed via the `Authorization` header, `auth` object, or query parameters in the Socket.IO connection options.",
  rejects:
    "If the authentication fails, the server will reject the connection, and the client will receive an error event.",
  authFirst:
    "The NestMTX Socket.IO API requires clients to authenticate using a Bearer token before they can perform any operations.",
  subscribe: "NestMTX provides camera feed status updates over socket.io which can be subscribed to.",
  logs: "NestMTX sends all logs to Socket.IO using the `log` event.",
} as const;

/**
 * Where a check's expectation comes from: the section, the sentence it enforces and, when the expectation also needs
 * a choice the document left open, that DECISIONS.md item or REAL-SERVERS.md fact (such a check is a `should`).
 */
export const doc = (section: keyof typeof SECTIONS, quote: string, decision?: string): DocPointer => ({
  file: "nestmtx.md",
  section: SECTIONS[section],
  quote,
  ...(decision === undefined ? {} : { decision }),
});
