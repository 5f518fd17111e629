import { z } from "zod";

/**
 * What nestmtx.md guarantees about the answers and pushes a check looks at, and nothing more. The schemas in
 * protocols/nestmtx/ describe the reference server's richer answers (the real server's error body, list page and
 * entity fields, DECISIONS.md); a check that demanded those would fail servers that follow the document but chose
 * otherwise where it is silent. So checks judge shapes by this file only.
 */

/**
 * nestmtx.md § Handling Responses: the answer "could be the requested data or an error message". The document names
 * no shape, so any answer that carries a message and says it is an error counts: `{error: "..."}`,
 * `{error: {message, ...}}` (the real server's, with or without `details`/`context`), a bare string, or an object
 * with a string `message` and no `id` (an entity is data, whatever other fields it has).
 */
export function errorMessageOf(answer: unknown): string | undefined {
  if (typeof answer === "string") return answer.length > 0 ? answer : undefined;
  if (typeof answer !== "object" || answer === null || Array.isArray(answer)) return undefined;
  const a = answer as Record<string, unknown>;
  if ("error" in a) {
    const e = a.error;
    if (typeof e === "string" && e.length > 0) return e;
    const message = (e as { message?: unknown } | null)?.message;
    if (typeof e === "object" && typeof message === "string" && message.length > 0) return message;
    return typeof a.message === "string" && a.message.length > 0 ? a.message : undefined;
  }
  return typeof a.message === "string" && a.message.length > 0 && !("id" in a) ? a.message : undefined;
}

/** An answer that is an error by the document's only rule: it carries an error message. */
export const isDocumentedError = (answer: unknown): boolean => errorMessageOf(answer) !== undefined;

/**
 * An answer a success check must refuse: one that says it is an error, with or without a message (`{error}` in any
 * form). A bare string or `{message}` is left to the check's other expectations, since data may look like that too.
 */
export const saysError = (answer: unknown): boolean =>
  typeof answer === "object" && answer !== null && !Array.isArray(answer) && "error" in answer;

/** Where an error may be expected, the document's forms, as failure reports print them. */
export const ERROR_FORMS =
  'an error message on the requestId event ({error: "..."}, {error: {message}}, {message}, "...")';

/**
 * A read of an entity that is not there has no "requested data": the document allows an error message, or an
 * answer that holds nothing (`null`). An entity (anything with an `id`) is the one answer it rules out.
 */
export const isNoEntity = (answer: unknown): boolean => answer === null || isDocumentedError(answer);

export type EntityId = string | number;

const isId = (v: unknown): v is EntityId =>
  (typeof v === "number" && Number.isFinite(v)) || (typeof v === "string" && v !== "");

/**
 * The id a create answered. nestmtx.md § Payload Format calls an entity's identifier "the `id` column in the database
 * where possible"; the document does not say what create answers, so the id may be the answer's `id`, the answer
 * itself, or the `id` of an object the answer wraps (`{user: {...}}`, `{data: {...}}`).
 */
export function createdIdOf(answer: unknown): EntityId | undefined {
  if (isId(answer)) return answer;
  if (typeof answer !== "object" || answer === null || Array.isArray(answer)) return undefined;
  const a = answer as Record<string, unknown>;
  if (isId(a.id)) return a.id;
  for (const inner of Object.values(a)) {
    const id = (inner as { id?: unknown } | null)?.id;
    if (typeof inner === "object" && !Array.isArray(inner) && isId(id)) return id;
  }
  return undefined;
}

/**
 * The entities a list answered: a bare array, or the first array an object answer holds (`items` first: the real
 * server's page); `total` only when the answer names one. The document shows a list request, not its answer.
 */
export function listedOf(answer: unknown): { items?: unknown[]; total?: number } {
  if (Array.isArray(answer)) return { items: answer };
  if (typeof answer !== "object" || answer === null) return {};
  const a = answer as Record<string, unknown>;
  const items = Array.isArray(a.items) ? a.items : Object.values(a).find(Array.isArray);
  return { ...(items === undefined ? {} : { items }), ...(typeof a.total === "number" ? { total: a.total } : {}) };
}

/** Whether a listed item is the entity `id` (ids compared as text: `1` and `"1"` name the same row). */
export const isEntity = (item: unknown, id: EntityId): boolean =>
  String((item as { id?: unknown } | null)?.id) === String(id);

/** An ISO 8601 date-time, with any precision and any offset (nestmtx.md says only "ISO formatted"). */
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * How far a `timestamp` may be from `time` and still name the same instant: written to the minute, a minute;
 * otherwise a second (rounding either way, or two clock reads a moment apart).
 */
const precisionMs = (timestamp: string): number => (/T\d{2}:\d{2}:\d{2}/.test(timestamp) ? 1_000 : 60_000);

/**
 * nestmtx.md § Streaming Logs, its table as a schema: every property present; types as the descriptions imply
 * (a process ID may travel as a number or as digits); extra properties allowed; `level` any number here, since
 * nestmtx.logs.levels alone judges it.
 */
export const documentedLogEntry = z.object({
  hostname: z.string(),
  level: z.number(),
  msg: z.string(),
  pid: z.union([z.number().int(), z.string().regex(/^\d+$/)]),
  service: z.string(),
  time: z.number(),
  timestamp: z.string().regex(ISO, "an ISO formatted timestamp"),
});

/** What is wrong with a log entry by the document, or undefined: the fields, and `time`/`timestamp` one instant. */
export function logEntryProblem(entry: unknown): string | undefined {
  const result = documentedLogEntry.safeParse(entry);
  if (!result.success) return result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
  const { time, timestamp } = result.data;
  // A timestamp written to the second (or minute) may be rounded either way: the two agree within that precision.
  const apart = Math.abs(Date.parse(timestamp) - time);
  return apart < precisionMs(timestamp) ? undefined : `time ${time} and timestamp ${timestamp} are ${apart} ms apart`;
}

/**
 * nestmtx.md § Payload Format: a JSON object with `domain`, `entity` ("the `id` column ... or `null`"), `event` and
 * `details` ("a JSON object"); other properties free.
 */
export function updateProblems(update: unknown, domain: string, event: string): string[] {
  if (typeof update !== "object" || update === null || Array.isArray(update)) return ["the payload is not an object"];
  const u = update as Record<string, unknown>;
  const problems: string[] = [];
  if (u.domain !== domain) problems.push(`domain is ${JSON.stringify(u.domain)}`);
  if (u.event !== event) problems.push(`event is ${JSON.stringify(u.event)}`);
  if (!("entity" in u)) problems.push("entity is missing (an id, or null when there is none)");
  else if (u.entity !== null && !isId(u.entity))
    problems.push(`entity is ${JSON.stringify(u.entity)}, neither an id nor null`);
  if (typeof u.details !== "object" || u.details === null || Array.isArray(u.details))
    problems.push(`details is ${JSON.stringify(u.details)}, not a JSON object`);
  return problems;
}

/** The documented properties of an update: what two sockets must agree on (extra ones, like a time, may differ). */
export const documentedUpdate = (update: unknown) => {
  const u = (update ?? {}) as Record<string, unknown>;
  return { domain: u.domain, entity: u.entity, event: u.event, details: u.details };
};
