import { z } from "zod";

/**
 * What neoruntime.md guarantees of its Returns, and no more. The protocol's schemas (protocols/neoruntime/) describe
 * the reference server's richer answers (entries `{name, loc, path, lang}`, `resMsg` codes, uptime in seconds with
 * fractions: DECISIONS.md D8, D12, REAL-SERVERS.md); a check that judged by them would fail a server that chose
 * otherwise where the document is silent. Extra fields are allowed everywhere.
 */

/** § NeoRuntime/status, "Return/status": the three fields with the types the table gives. */
export const documentedStatus = z.looseObject({
  currentScript: z.string(),
  scriptIsExited: z.boolean(),
  uptime: z.number(),
});
export type DocumentedStatus = z.infer<typeof documentedStatus>;

/** § NeoRuntime/Scripts/get, "Return": two lists; what an entry is, the document does not say. */
export const documentedListing = z.looseObject({ local: z.array(z.unknown()), remote: z.array(z.unknown()) });
export type Listing = z.infer<typeof documentedListing>;

/** § Create and § Delete, "Return": `res` success, `resMsg` "if fail, errorMessage" (a message: not empty). */
export const documentedOutcome = z.union([
  z.looseObject({ res: z.literal(true) }),
  z.looseObject({ res: z.literal(false), resMsg: z.string().min(1) }),
]);
export type ActionOutcome = z.infer<typeof documentedOutcome>;

/** The name of `local/example` is `example`: § Create's example path is `<location>/<name>`. */
const nameOf = (path: string) => path.slice(path.indexOf("/") + 1);

/**
 * Whether a list entry stands for `path`: a string that is the path or its name, or an object one of whose values is
 * (the real server's entries carry both `path` and `name`, REAL-SERVERS.md; another server may key them otherwise).
 */
export function isEntryOf(entry: unknown, path: string): boolean {
  const names = [path, nameOf(path)];
  if (typeof entry === "string") return names.includes(entry);
  if (typeof entry !== "object" || entry === null) return false;
  return Object.values(entry).some((v) => typeof v === "string" && names.includes(v));
}

export const lists = (entries: readonly unknown[], path: string): boolean => entries.some((e) => isEntryOf(e, path));

/**
 * A path to act on for an entry of the `loc` list, where one can be read: a string entry, else its `path`, its
 * `name`, or its first string value.
 */
export function pathOfEntry(entry: unknown, loc: "local" | "remote"): string | undefined {
  const withLoc = (s: string) => (s.includes("/") ? s : `${loc}/${s}`);
  if (typeof entry === "string") return withLoc(entry);
  if (typeof entry !== "object" || entry === null) return undefined;
  const { path, name } = entry as Record<string, unknown>;
  const first = [path, name, ...Object.values(entry)].find((v): v is string => typeof v === "string" && v !== "");
  return first === undefined ? undefined : withLoc(first);
}
