import fc from "fast-check";
import type { z } from "zod";

/** The parts of zod 4's internal definition this walker reads (`schema._zod.def`). */
interface Def {
  readonly type: string;
  readonly format?: string;
  readonly pattern?: RegExp;
  readonly checks?: readonly { readonly _zod: { readonly def: CheckDef } }[];
  readonly [key: string]: unknown;
}
interface CheckDef {
  readonly check: string;
  readonly value?: number | bigint;
  readonly inclusive?: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly length?: number;
  readonly format?: string;
  readonly pattern?: RegExp;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;
const checksOf = (def: Def): CheckDef[] => [def as unknown as CheckDef, ...(def.checks ?? []).map((c) => c._zod.def)];

/**
 * Valid payloads for a zod 4 schema, derived by walking its definition, so generated inputs follow the protocol's
 * schema and never a hand-written copy. Refinements zod cannot describe (`.refine`) become filters; a schema kind
 * with no sensible generator (intersection, function, promise) throws, naming it.
 */
export function arbitraryOf<T extends z.ZodType>(schema: T): fc.Arbitrary<z.input<T>> {
  return walk(schema) as fc.Arbitrary<z.input<T>>;
}

function walk(schema: z.ZodType): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const checks = checksOf(def);
  const arb = base(schema, def, checks);
  return checks.some((c) => c.check === "custom") ? arb.filter((v) => schema.safeParse(v).success) : arb;
}

function base(schema: z.ZodType, def: Def, checks: CheckDef[]): fc.Arbitrary<unknown> {
  const child = (key: string) => walk(def[key] as z.ZodType);
  switch (def.type) {
    case "string":
      return stringArb(checks);
    case "number":
      return numberArb(checks);
    case "bigint":
      return fc.bigInt();
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "undefined":
    case "void":
      return fc.constant(undefined);
    case "any":
    case "unknown":
      return fc.jsonValue();
    case "date":
      return fc.date({ noInvalidDate: true });
    case "literal":
      return fc.constantFrom(...(def.values as unknown[]));
    case "enum":
      return fc.constantFrom(...Object.values(def.entries as Record<string, unknown>));
    case "optional":
    case "default":
    case "prefault":
      return fc.option(child("innerType"), { nil: undefined });
    case "nullable":
      return fc.option(child("innerType"), { nil: null });
    case "readonly":
    case "catch":
    case "nonoptional":
      return child("innerType");
    case "lazy":
      return walk((def.getter as () => z.ZodType)());
    case "pipe":
      // Generate for the input side; the output side (a transform or a narrower schema) filters.
      return child("in").filter((v) => schema.safeParse(v).success);
    case "array": {
      const min = checks.find((c) => c.check === "min_length")?.minimum ?? 0;
      const exact = checks.find((c) => c.check === "length_equals")?.length;
      const max = checks.find((c) => c.check === "max_length")?.maximum ?? min + 5;
      return fc.array(child("element"), { minLength: exact ?? min, maxLength: exact ?? max });
    }
    case "tuple":
      return fc.tuple(...(def.items as z.ZodType[]).map(walk));
    case "union":
      return fc.oneof(...(def.options as z.ZodType[]).map(walk));
    case "record":
      return fc.dictionary(walk(def.keyType as z.ZodType) as fc.Arbitrary<string>, child("valueType"), { maxKeys: 5 });
    case "object": {
      const shape = def.shape as Record<string, z.ZodType>;
      const requiredKeys = Object.keys(shape).filter(
        (k) => !["optional", "default", "prefault"].includes(defOf(shape[k] as z.ZodType).type),
      );
      return fc.record(Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, walk(s)])), { requiredKeys });
    }
    default:
      throw new Error(`arbitraryOf: no generator for zod type "${def.type}"`);
  }
}

const FORMATS: Record<string, () => fc.Arbitrary<string>> = {
  email: () => fc.emailAddress(),
  uuid: () => fc.uuid(),
  guid: () => fc.uuid(),
  url: () => fc.webUrl(),
  datetime: () =>
    fc.date({ min: new Date(0), max: new Date(4102444800000), noInvalidDate: true }).map((d) => d.toISOString()),
};

function stringArb(checks: CheckDef[]): fc.Arbitrary<string> {
  const min = Math.max(
    0,
    ...checks.flatMap((c) =>
      c.check === "min_length" ? [c.minimum ?? 0] : c.check === "length_equals" ? [c.length ?? 0] : [],
    ),
  );
  const maxes = checks.flatMap((c) =>
    c.check === "max_length" ? [c.maximum ?? 0] : c.check === "length_equals" ? [c.length ?? 0] : [],
  );
  const max = maxes.length > 0 ? Math.min(...maxes) : undefined;
  const fits = (s: string) => s.length >= min && (max === undefined || s.length <= max);
  const formats = checks.filter((c) => c.check === "string_format" && c.format !== undefined);
  const named = formats.find((c) => c.format !== undefined && c.format in FORMATS);
  if (named?.format !== undefined) {
    // fast-check's generators follow the RFCs; zod's patterns are stricter (no quoted e-mail local parts).
    const strict = named.pattern;
    const arb = (FORMATS[named.format] as () => fc.Arbitrary<string>)().filter(fits);
    return strict instanceof RegExp ? arb.filter((s) => strict.test(s)) : arb;
  }
  const pattern = formats.find((c) => c.pattern instanceof RegExp)?.pattern;
  if (pattern !== undefined) return fc.stringMatching(pattern).filter(fits);
  // Mix plain text with full Unicode (surrogate pairs, combining marks) within the length bounds.
  const opts = { minLength: min, maxLength: max ?? min + 20 };
  return fc.oneof(fc.string(opts), fc.string({ ...opts, unit: "grapheme" })).filter(fits);
}

function numberArb(checks: CheckDef[]): fc.Arbitrary<number> {
  let min: number | undefined;
  let max: number | undefined;
  let minExcluded = false;
  let maxExcluded = false;
  let integer = false;
  for (const c of checks) {
    if (c.check === "greater_than" && (min === undefined || Number(c.value) >= min)) {
      min = Number(c.value);
      minExcluded = c.inclusive !== true;
    }
    if (c.check === "less_than" && (max === undefined || Number(c.value) <= max)) {
      max = Number(c.value);
      maxExcluded = c.inclusive !== true;
    }
    if (c.check === "number_format" && c.format !== undefined && /int/.test(c.format)) {
      integer = true;
      const bounds = {
        safeint: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
        int32: [-(2 ** 31), 2 ** 31 - 1],
        uint32: [0, 2 ** 32 - 1],
      }[c.format];
      if (bounds !== undefined) {
        min = Math.max(min ?? (bounds[0] as number), bounds[0] as number);
        max = Math.min(max ?? (bounds[1] as number), bounds[1] as number);
      }
    }
  }
  const multipleOf = checks.find((c) => c.check === "multiple_of")?.value;
  if (integer) {
    const lo = min === undefined ? undefined : minExcluded ? Math.floor(min) + 1 : Math.ceil(min);
    const hi = max === undefined ? undefined : maxExcluded ? Math.ceil(max) - 1 : Math.floor(max);
    const arb = fc.integer({ ...(lo === undefined ? {} : { min: lo }), ...(hi === undefined ? {} : { max: hi }) });
    return multipleOf === undefined ? arb : arb.filter((n) => n % Number(multipleOf) === 0);
  }
  const arb = fc.double({
    noNaN: true,
    noDefaultInfinity: true,
    ...(min === undefined ? {} : { min, minExcluded }),
    ...(max === undefined ? {} : { max, maxExcluded }),
  });
  return multipleOf === undefined
    ? arb
    : arb
        .map((n) => Math.round(n / Number(multipleOf)) * Number(multipleOf))
        .filter(
          (n) =>
            (min === undefined || n > min || (!minExcluded && n === min)) &&
            (max === undefined || n < max || (!maxExcluded && n === max)),
        );
}
