import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { arbitraryOf } from "../../../conformance/arbitraries/arbitrary-of.js";
import { mutationList } from "../../../conformance/arbitraries/mutations-of.js";

/** One schema per kind the walker knows, and a composite like the API payloads. */
const schemas = {
  string: z.string().min(2).max(8),
  email: z.email(),
  uuid: z.uuid(),
  regex: z.string().regex(/^lab-[a-z]{3}$/),
  int: z.int().min(-5).max(5),
  positiveInt: z.int().positive(),
  double: z.number().gt(0).lt(1),
  boolean: z.boolean(),
  literal: z.literal(["deploy", "destroy"]),
  enum: z.enum(["start", "stop"]),
  array: z.array(z.int()).min(1).max(3),
  tuple: z.tuple([z.string(), z.int()]),
  union: z.union([z.string(), z.int()]),
  optional: z.string().optional(),
  nullable: z.int().nullable(),
  record: z.record(z.string(), z.boolean()),
  refined: z.string().refine((s) => s.length % 2 === 0),
  payload: z
    .object({
      labId: z.string().min(1),
      command: z.enum(["deploy", "destroy"]),
      node: z.string().optional(),
      options: z.object({ force: z.boolean(), retries: z.int().min(0).max(3) }).strict(),
      tags: z.array(z.string().max(5)).max(2),
    })
    .strict(),
  discriminated: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("a"), n: z.int() }),
    z.object({ kind: z.literal("b"), s: z.string() }),
  ]),
};

describe("arbitraryOf", () => {
  it.each(Object.entries(schemas))("generates values the %s schema accepts", (_, schema) => {
    fc.assert(
      fc.property(arbitraryOf(schema as z.ZodType), (v) => {
        expect(schema.safeParse(v).error).toBeUndefined();
      }),
      { numRuns: 50, seed: 1 },
    );
  });

  it("names the schema kind it cannot generate", () => {
    expect(() => arbitraryOf(z.intersection(z.object({ a: z.string() }), z.object({ b: z.string() })))).toThrow(
      /intersection/,
    );
  });
});

describe("mutationList", () => {
  it("gives only values the schema refuses, for generated valid payloads", () => {
    fc.assert(
      fc.property(arbitraryOf(schemas.payload), (valid) => {
        const list = mutationList(schemas.payload, valid);
        expect(list.length).toBeGreaterThan(10);
        for (const m of list) expect(schemas.payload.safeParse(m.value).success, m.description).toBe(false);
      }),
      { numRuns: 10, seed: 2 },
    );
  });

  it("covers missing fields, wrong types, prototype keys, unknown keys and huge strings", () => {
    const valid = { labId: "l1", command: "deploy", options: { force: true, retries: 1 }, tags: ["a"] };
    const descriptions = mutationList(schemas.payload, valid).map((m) => m.description);
    expect(descriptions).toEqual(
      expect.arrayContaining([
        'the payload without "labId"',
        "the payload.command set to 0",
        'the payload with a "__proto__" key',
        'the payload with a "constructor" key',
        "the payload with an unknown key",
        expect.stringMatching(/^tags\.0 set to a hostile string .*1000001 chars/),
        "the whole payload replaced by null",
        "no payload (undefined)",
      ]),
    );
  });

  it("leaves out mutations a lenient schema would still accept", () => {
    const lenient = z.object({ name: z.string() });
    const descriptions = mutationList(lenient, { name: "x" }).map((m) => m.description);
    expect(descriptions).not.toContain("the payload with an unknown key");
    expect(descriptions).toContain('the payload without "name"');
  });
});
