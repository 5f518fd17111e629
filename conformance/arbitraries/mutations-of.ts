import fc from "fast-check";
import type { z } from "zod";

/** An invalid payload made from a valid one, with what was done to it (shown in failures). */
export interface Mutation {
  readonly description: string;
  readonly value: unknown;
}

/** Values of the wrong type for any field; each is tried where it does not fit. */
const WRONG_TYPES: readonly unknown[] = [null, 0, -1, 1.5, "", "not-a-value", true, [], {}];

/** Strings that trip parsers, databases and terminals: a lone surrogate, NUL, bidi override, a huge string. */
export const HOSTILE_STRINGS: readonly string[] = [
  "\ud800",
  "\u0000",
  "\u202egnp.exe",
  "👩‍👩‍👧‍👦".repeat(3),
  "' OR 1=1 --",
  "x".repeat(1_000_001),
];

/**
 * Every mutation of `valid` that `schema` rejects: the whole value replaced by another type; each field removed,
 * set to a wrong type or to a hostile string; prototype-polluting keys (`__proto__`, `constructor`) and unknown
 * keys added. Mutations the schema would still accept (an extra key on a non-strict object) are left out, so every
 * value here is one the document says to refuse. Nested objects and arrays are mutated one level at a time.
 */
export function mutationList(schema: z.ZodType, valid: unknown): Mutation[] {
  const candidates: Mutation[] = [
    ...WRONG_TYPES.map((value) => ({ description: `the whole payload replaced by ${JSON.stringify(value)}`, value })),
    { description: "no payload (undefined)", value: undefined },
    ...mutateAt(valid, []),
  ];
  const seen = new Set<string>();
  return candidates.filter((m) => {
    const key = m.description;
    if (seen.has(key) || schema.safeParse(m.value).success) return false;
    seen.add(key);
    return true;
  });
}

/** The mutations of `valid` as an arbitrary, for `fc.assert`; shrinking moves towards the earlier, simpler ones. */
export function mutationsOf(schema: z.ZodType, valid: unknown): fc.Arbitrary<Mutation> {
  const list = mutationList(schema, valid);
  if (list.length === 0) throw new Error("mutationsOf: the schema accepts every mutation of this value");
  return fc.constantFrom(...list);
}

function mutateAt(value: unknown, path: readonly (string | number)[]): Mutation[] {
  const at = path.length === 0 ? "the payload" : path.join(".");
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => [
      ...WRONG_TYPES.map((w) => ({
        description: `${at}[${i}] set to ${JSON.stringify(w)}`,
        value: setIn(value, [i], w),
      })),
      ...(path.length < 3
        ? mutateAt(item, [...path, i]).map((m) => ({ ...m, value: setIn(value, [i], m.value) }))
        : []),
    ]);
  }
  if (value === null || typeof value !== "object") {
    return typeof value === "string"
      ? HOSTILE_STRINGS.map((s) => ({
          description: `${at} set to a hostile string (${JSON.stringify(s.slice(0, 12))}…, ${s.length} chars)`,
          value: s,
        }))
      : [];
  }
  const obj = value as Record<string, unknown>;
  const own = (extra: string) => JSON.parse(`{"${extra}": {"polluted": true}}`) as Record<string, unknown>;
  const out: Mutation[] = [
    { description: `${at} with a "__proto__" key`, value: { ...obj, ...own("__proto__") } },
    { description: `${at} with a "constructor" key`, value: { ...obj, ...own("constructor") } },
    { description: `${at} with an unknown key`, value: { ...obj, volleyUnknownKey: 1 } },
  ];
  for (const [k, v] of Object.entries(obj)) {
    const { [k]: _, ...without } = obj;
    out.push({ description: `${at} without "${k}"`, value: without });
    out.push({ description: `${at}.${k} set to undefined`, value: { ...obj, [k]: undefined } });
    for (const w of WRONG_TYPES)
      out.push({ description: `${at}.${k} set to ${JSON.stringify(w)}`, value: { ...obj, [k]: w } });
    if (path.length < 3) {
      for (const m of mutateAt(v, [...path, k]))
        out.push({ description: m.description, value: { ...obj, [k]: m.value } });
    }
  }
  return out;
}

function setIn(arr: readonly unknown[], [i]: readonly number[], v: unknown): unknown[] {
  const copy = [...arr];
  copy[i ?? 0] = v;
  return copy;
}
