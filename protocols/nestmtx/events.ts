import type { ErrorAnswer, ErrorBody } from "./errors.js";
import type { LogEntry } from "./log.js";
import type { NestmtxRequest } from "./request.js";
import type { StatusUpdate, Topic, WildcardTopic } from "./topics.js";

/** What a client emits on the main namespace `/`. No event takes an ack (D4). */
// nestmtx.md § Request Structure ("All requests are made via the `request` event")
export interface ClientToServerEvents {
  request: (request: NestmtxRequest) => void;
}

/**
 * What the server emits on `/`. Answers arrive on the event named by the request's `requestId`, which no static map
 * can name: `AnswerEvents` types them for one known id.
 */
// nestmtx.md § Handling Responses, § Getting Status Updates, § Streaming Logs
export type ServerToClientEvents = {
  log: (entry: LogEntry) => void;
  /** A request that carried no usable requestId (D3). */
  failure: (error: ErrorBody) => void;
} & { [T in Topic | WildcardTopic]: (update: StatusUpdate) => void };

/** The answer event for one request id: the module's value bare, or an error. */
// nestmtx.md § Handling Responses
export type AnswerEvents<Id extends string, Value> = { [K in Id]: (answer: Value | ErrorAnswer) => void };

export function isErrorAnswer(answer: unknown): answer is ErrorAnswer {
  return typeof answer === "object" && answer !== null && "error" in answer;
}
