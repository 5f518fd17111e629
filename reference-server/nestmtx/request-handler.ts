import {
  answerableSchema,
  type ErrorBody,
  type ErrorDetail,
  moduleSchema,
  nestmtxErrors,
  requestSchema,
} from "../../protocols/nestmtx/index.js";
import { modules } from "./modules/index.js";
import type { CommandContext } from "./modules/module.js";
import { type Failure, fail, issueDetails, type Outcome } from "./outcome.js";

/** Event names Socket.IO reserves: emitting one throws, so a requestId naming one cannot be answered (D3). */
const RESERVED_EVENTS = new Set([
  "connect",
  "connect_error",
  "disconnect",
  "disconnecting",
  "newListener",
  "removeListener",
]);

/** Where an answer goes: the request's own event, or `failure` when it has no usable requestId (D3). */
export type Answer =
  | { readonly on: "requestId"; readonly requestId: string; readonly outcome: Outcome }
  | { readonly on: "failure"; readonly failure: Failure };

export interface RequestPolicy {
  readonly maxStringBytes: number;
  /** Fault `nestmtx.unauthenticated-access`: answer anonymous sockets as if they had logged in. */
  readonly skipAuthentication: boolean;
}

/** The first string longer than the limit, anywhere in the request, as an error detail (bounded walk). */
function oversized(value: unknown, limit: number): ErrorDetail | undefined {
  const stack: Array<{ v: unknown; path: string }> = [{ v: value, path: "" }];
  let visited = 0;
  while (stack.length > 0 && visited++ < 10_000) {
    const { v, path } = stack.pop() as { v: unknown; path: string };
    if (typeof v === "string" && Buffer.byteLength(v) > limit) {
      return { message: `string longer than ${limit} bytes`, path, type: "string.max" };
    }
    if (typeof v === "object" && v !== null) {
      for (const [k, child] of Object.entries(v)) stack.push({ v: child, path: path ? `${path}.${k}` : k });
    }
  }
  return undefined;
}

/**
 * Validates one `request` payload and runs it (nestmtx.md § Request Structure). Never throws on client input:
 * every path ends in an answer.
 */
export function handleRequest(raw: unknown, ctx: Omit<CommandContext, "request">, policy: RequestPolicy): Answer {
  // The real server accepts a JSON-encoded string as well as an object (D6).
  let input = raw;
  if (typeof raw === "string") {
    try {
      input = JSON.parse(raw);
    } catch {
      input = raw;
    }
  }
  const answerable = answerableSchema.safeParse(input);
  const tooLong = oversized(input, policy.maxStringBytes);
  const unusable = (id: string) => RESERVED_EVENTS.has(id) || Buffer.byteLength(id) > policy.maxStringBytes;
  if (!answerable.success || unusable(answerable.data.requestId)) {
    const details = answerable.success
      ? [{ message: "requestId cannot be used as an event name", path: "requestId" }]
      : issueDetails(answerable.error.issues);
    return { on: "failure", failure: fail("invalid_request", details) };
  }
  const requestId = answerable.data.requestId;
  const answer = (outcome: Outcome): Answer => ({ on: "requestId", requestId, outcome });
  if (tooLong) return answer(fail("invalid_request", [tooLong]));
  const parsed = requestSchema.safeParse(input);
  if (!parsed.success) return answer(fail("invalid_request", issueDetails(parsed.error.issues)));
  const request = parsed.data;
  const moduleName = moduleSchema.safeParse(request.module);
  if (!moduleName.success) {
    return answer(fail("unknown_module", [{ message: `no module "${request.module}"`, path: "module" }]));
  }
  const module = modules[moduleName.data];
  if (ctx.userId === undefined && !module.insecure && !policy.skipAuthentication) {
    return answer(fail("unauthorized"));
  }
  const command = module[request.command];
  if (command === undefined) {
    return answer(
      fail("command_not_supported", [{ message: `${request.module} has no ${request.command}`, path: "command" }]),
    );
  }
  return answer(command({ ...ctx, request }));
}

/** The wire form of an error: `{message, details, context}`, context being the request as the client sent it. */
export function errorBody(failure: Failure, context: unknown): ErrorBody {
  return { message: nestmtxErrors[failure.code], details: [...failure.details], context: context ?? null };
}
