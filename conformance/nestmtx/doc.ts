import type { Check, CheckContext, DocPointer } from "../index.js";
import type { NestmtxFixtures } from "./fixtures.js";

export type NestmtxCheck = Check<NestmtxFixtures>;
export type Ctx = CheckContext<NestmtxFixtures>;

/** The sections of nestmtx.md, as headed there; DECISIONS.md and REAL-SERVERS.md settle what they leave open. */
export const SECTIONS = {
  requestStructure: "How to Make Requests, Request Structure",
  exampleRequest: "How to Make Requests, Example Request",
  responses: "How to Make Requests, Handling Responses",
  authOverview: "How to Authenticate, Authentication Overview",
  usingToken: "How to Authenticate, Using the Token",
  middleware: "How to Authenticate, Middleware for Authentication",
  reconnect: "How to Authenticate, Reconnecting with a New Token",
  topicFormat: "Getting Status Updates, Topic Format",
  payloadFormat: "Getting Status Updates, Payload Format",
  cameraEvents: "Getting Status Updates, Event Types for the `camera` domain",
  credentialsEvents: "Getting Status Updates, Event Types for the `credentials` domain",
  logs: "Streaming Logs",
  logLevels: "Streaming Logs, Log Levels",
} as const;

export const doc = (section: keyof typeof SECTIONS): DocPointer => ({ file: "nestmtx.md", section: SECTIONS[section] });
