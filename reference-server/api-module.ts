import type { IncomingMessage, ServerResponse } from "node:http";
import type { Server, Socket } from "socket.io";
import type { z } from "zod";
import type { ProtocolDefinition } from "../protocols/protocol.js";
import type { Logger } from "./logger.js";
import type { ServerOptions } from "./options.js";

/** A deliberate defect `volley serve --fault <name>` can switch on, to prove the conformance suite catches it. */
export interface FaultDefinition {
  /** `<api>.<what-is-wrong>`, e.g. `antimony.missing-backlog`. */
  readonly name: string;
  readonly description: string;
}

/** What the shared server shell hands an API implementation. */
export interface ApiContext {
  readonly io: Server;
  readonly options: ServerOptions;
  readonly log: Logger;
  /**
   * Registers `socket.on(event, fn)` with the shell's instrumentation: the `delayMs` knob, the handler-latency
   * histogram, and containment — a handler that throws is logged and counted as error `internal`, never a crash.
   */
  on(socket: Socket, event: string, fn: (...args: unknown[]) => void | Promise<void>): void;
  /** Count an error answered to a client, by the API's own code (5422, 480, invalid_payload, ...). */
  countError(code: string | number): void;
  /** Count a connection a namespace middleware refused. */
  countRefusal(namespace: string, reason: string): void;
  /** True when this server was started with that deliberate defect. */
  faulty(name: string): boolean;
}

/** HTTP routes an API serves beside Socket.IO (NestMTX's auth endpoint, the chat's admin API). */
export type HttpRoute = (req: IncomingMessage, res: ServerResponse) => boolean;

export interface ApiInstance {
  /** Lines telling a person how to connect: credentials, tokens, ids of the fixtures. */
  describe(): readonly string[];
  readonly http?: HttpRoute;
  /** Stop timers and simulations; the shell closes sockets and the HTTP server itself. */
  close(): void;
}

export interface ApiModule<F = unknown> {
  readonly protocol: ProtocolDefinition;
  /** Parses a fixtures object (from a file) into complete fixtures; `parse({})` gives the built-in demo data. */
  readonly fixtures: z.ZodType<F, unknown>;
  readonly faults: readonly FaultDefinition[];
  start(ctx: ApiContext, fixtures: F): ApiInstance;
}
