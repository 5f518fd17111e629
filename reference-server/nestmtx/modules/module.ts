import type { z } from "zod";
import {
  type Command,
  type Domain,
  type DomainEvent,
  type LogLevelName,
  listQuerySchema,
  type NestmtxRequest,
} from "../../../protocols/nestmtx/index.js";
import { type Failure, fail, issueDetails, type Outcome, ok } from "../outcome.js";
import type { NestmtxState } from "../state.js";
import type { Table } from "../table.js";

/** What a module may cause beyond its answer: status updates, log lines, dropping a deleted user's sockets. */
export interface SideEffects {
  publish<D extends Domain>(domain: D, event: DomainEvent<D>, entity: number | null, details?: object): void;
  log(level: LogLevelName, msg: string): void;
  disconnectUser(userId: number): void;
}

export interface CommandContext {
  readonly request: NestmtxRequest;
  /** The authenticated user, or undefined on an anonymous socket. */
  readonly userId: number | undefined;
  readonly state: NestmtxState;
  readonly effects: SideEffects;
}

/** One API module: its commands; `insecure` ones answer anonymous sockets too (the real `auth` module). */
export type ModuleHandlers = { readonly insecure?: boolean } & Partial<
  Record<Command, (ctx: CommandContext) => Outcome>
>;

/** The payload parsed by a module's schema, or the `invalid_payload` failure. */
export function parsePayload<S extends z.ZodType>(
  schema: S,
  payload: unknown,
): { ok: true; value: z.infer<S> } | Failure {
  const parsed = schema.safeParse(payload ?? {});
  return parsed.success ? { ok: true, value: parsed.data } : fail("invalid_payload", issueDetails(parsed.error.issues));
}

/** The numeric id of `entity` (validated by the request schema to be a positive integer or its digits). */
export function entityId(request: NestmtxRequest): number {
  return Number(request.entity);
}

/** The `list` answer: the query echoed, the total, one page of the rows that match `search`. */
export function listRows<T>(rows: readonly T[], payload: unknown, text: (row: T) => string): Outcome {
  const query = parsePayload(listQuerySchema, payload);
  if (!query.ok) return query;
  const { search, page, itemsPerPage } = query.value;
  const needle = search?.toLowerCase();
  const matching = needle ? rows.filter((r) => text(r).toLowerCase().includes(needle)) : rows;
  const start = (page - 1) * itemsPerPage;
  return ok({ ...query.value, total: matching.length, items: matching.slice(start, start + itemsPerPage) });
}

/** `read`: the row named by `entity`, as answered, or `not_found`. */
export function readRow<T extends { id: number }>(table: Table<T>, request: NestmtxRequest, view: (row: T) => unknown) {
  const row = table.get(entityId(request));
  return row ? ok(view(row)) : notFound(request);
}

export const notFound = (request: NestmtxRequest) =>
  fail("not_found", [{ message: `no ${request.module} with id ${String(request.entity)}`, path: "entity" }]);
