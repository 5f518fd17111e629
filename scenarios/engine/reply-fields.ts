/**
 * The value at a dotted path (`meta.sentAt`) of a reply or push, `$` for the value itself; undefined if absent. A
 * `*` segment stands for any field: the first whose rest of the path is present (`*.id` in `{created: {id}}`).
 */
export function at(value: unknown, path: string): unknown {
  if (path === "$") return value;
  return atKeys(value, path.split("."));
}

function atKeys(value: unknown, keys: readonly string[]): unknown {
  const [key, ...rest] = keys;
  if (key === undefined) return value;
  if (typeof value !== "object" || value === null) return undefined;
  if (key !== "*") return atKeys((value as Record<string, unknown>)[key], rest);
  for (const inner of Object.values(value)) {
    const found = atKeys(inner, rest);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The cause of a reply whose first argument has `field` set, as the server gave it: `code: message` of an error
 * object (`{error: {code, message}}`), the value of a string or number, or the object's JSON when it has neither;
 * undefined when the field is not set. One line, at most 100 characters (`oneLineCause`).
 */
export function errorCause(first: unknown, field: string): string | undefined {
  if (typeof first !== "object" || first === null) return undefined;
  const error = (first as Record<string, unknown>)[field];
  if (error === undefined || error === null || error === false) return undefined;
  if (typeof error !== "object") return oneLineCause(error === true ? field : String(error));
  const { code, message } = error as { code?: unknown; message?: unknown };
  const parts = [code, message].filter((p) => typeof p === "string" || typeof p === "number").map(String);
  const unique = parts.length === 2 && parts[0] === parts[1] ? [parts[0]] : parts;
  return oneLineCause(unique.length > 0 ? unique.join(": ") : (JSON.stringify(error) ?? field));
}

/** A cause as one short line: whitespace collapsed, cut at 100 characters (a report row, a Prometheus label). */
export function oneLineCause(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length <= 100 ? line : `${line.slice(0, 99)}…`;
}

/** A payload as text, for `match` and `contains`: a string as it is, anything else as JSON. */
export function payloadText(value: unknown): string {
  return typeof value === "string" ? value : (JSON.stringify(value) ?? "");
}
