/** The value at a dotted path (`meta.sentAt`) of a reply or push, `$` for the value itself; undefined if absent. */
export function at(value: unknown, path: string): unknown {
  if (path === "$") return value;
  let current = value;
  for (const key of path.split(".")) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The error code of a reply whose first argument has `field` set (`{error: {code}}`, `{code}`), else undefined. */
export function errorCode(first: unknown, field: string): string | undefined {
  if (typeof first !== "object" || first === null) return undefined;
  const error = (first as Record<string, unknown>)[field];
  if (error === undefined || error === null || error === false) return undefined;
  const code = typeof error === "object" ? (error as { code?: unknown }).code : error;
  return String(code ?? field);
}

/** A payload as text, for `match` and `contains`: a string as it is, anything else as JSON. */
export function payloadText(value: unknown): string {
  return typeof value === "string" ? value : (JSON.stringify(value) ?? "");
}
