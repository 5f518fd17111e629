import { z } from "zod";

/**
 * What nestmtx.md guarantees about the answers and pushes a check looks at, and nothing more. The schemas in
 * protocols/nestmtx/ describe the reference server's richer answers (the real server's error body, list page and
 * entity fields, DECISIONS.md); a check that demanded those would fail servers that follow the document but chose
 * otherwise where it is silent. So checks judge shapes by this file only.
 */

const text = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);

/** The message of an error value: itself when a string, else its `message` (a string, or one level deeper). */
const messageIn = (v: unknown): string | undefined =>
  text(v) ?? text((v as { message?: unknown } | null)?.message) ?? (Array.isArray(v) ? messageIn(v[0]) : undefined);

/**
 * nestmtx.md § Handling Responses: the answer "could be the requested data or an error message". The document names
 * no shape, so any answer that carries a message and says it is an error counts: `{error: "..."}`,
 * `{error: {message, ...}}` (the real server's, with or without `details`/`context`), `{errors: [{message}]}`,
 * `{success: false | ok: false | status: "error", message}`, a bare string, or an object with a string `message` and
 * no `id` (an entity is data, whatever other fields it has).
 */
function errorMessageOf(answer: unknown): string | undefined {
  if (typeof answer === "string") return text(answer);
  if (typeof answer !== "object" || answer === null || Array.isArray(answer)) return undefined;
  const a = answer as Record<string, unknown>;
  if ("error" in a) return messageIn(a.error) ?? text(a.message);
  if (Array.isArray(a.errors) && a.errors.length > 0) return messageIn(a.errors) ?? text(a.message);
  return "id" in a ? undefined : text(a.message);
}

/** An answer that is an error by the document's only rule: it carries an error message. */
export const isDocumentedError = (answer: unknown): boolean => errorMessageOf(answer) !== undefined;

/**
 * An answer a success check must refuse: one that says it is an error, with or without a message (`{error}` in any
 * form, a non-empty `errors`, `success: false`, `ok: false`, `status: "error"`). A bare string or `{message}` is left
 * to the check's other expectations, since data may look like that too.
 */
export function saysError(answer: unknown): boolean {
  if (typeof answer !== "object" || answer === null || Array.isArray(answer)) return false;
  const a = answer as Record<string, unknown>;
  return (
    "error" in a ||
    (Array.isArray(a.errors) && a.errors.length > 0) ||
    a.success === false ||
    a.ok === false ||
    a.status === "error"
  );
}

/** Where an error may be expected, the document's forms, as failure reports print them. */
export const ERROR_FORMS =
  'an error message on the requestId event ({error: "..."}, {error: {message}}, {message}, "...")';

/** An answer that holds nothing: none at all (`undefined`), `null`, `false`, `{}` or `[]`. */
const isEmpty = (v: unknown): boolean =>
  v === undefined || v === null || v === false || (typeof v === "object" && Object.keys(v as object).length === 0);

/**
 * A read of an entity that is not there has no "requested data": the document allows an error message (or any
 * answer that says error), or an answer that holds nothing. Data is the one answer it rules out.
 */
export const isNoEntity = (answer: unknown): boolean =>
  isEmpty(answer) || isDocumentedError(answer) || saysError(answer);

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
 * The entities a list answered: a bare array, or the first array an object answer (or an object in it) holds
 * (`items` first: the real server's page); `total` only when the answer names one at its top. The document shows a
 * list request, not its answer.
 */
export function listedOf(answer: unknown): { items?: unknown[]; total?: number } {
  if (Array.isArray(answer)) return { items: answer };
  if (typeof answer !== "object" || answer === null) return {};
  const a = answer as Record<string, unknown>;
  const inner = Object.values(a).filter((v) => typeof v === "object" && v !== null && !Array.isArray(v));
  // One level down too: `{data: {rows: [...]}}`.
  const items = [a, ...inner].flatMap((o) => {
    const r = o as Record<string, unknown>;
    return Array.isArray(r.items) ? [r.items] : Object.values(r).filter(Array.isArray);
  })[0];
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
const documentedLogEntry = z.object({
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
