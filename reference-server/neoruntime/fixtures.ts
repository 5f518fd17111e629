import { z } from "zod";
import { scriptNameSchema, usernameSchema } from "../../protocols/neoruntime/index.js";

const userSchema = z.object({
  username: usernameSchema,
  /** The clear-text password; the client sends its SHA-256 hex (neoruntime.md § Connect, step 1). */
  password: z.string().min(1),
});

const fixtureScriptSchema = z.object({
  name: scriptNameSchema,
  lang: z.string().min(1).default("python"),
  /** The simulated run exits after printing this many lines; null runs until another script is selected (D19). */
  exitAfterLines: z.number().int().positive().nullable().default(null),
});
export type FixtureScript = z.infer<typeof fixtureScriptSchema>;

const uniqueBy =
  <T>(key: (item: T) => string, what: string) =>
  (items: T[], ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    for (const item of items) {
      if (seen.has(key(item))) ctx.addIssue({ code: "custom", message: `duplicate ${what} "${key(item)}"` });
      seen.add(key(item));
    }
  };

const scriptsSchema = z.array(fixtureScriptSchema).superRefine(uniqueBy((s) => s.name, "script name"));

/** `volley serve --fixtures f.json` reads `{"neoruntime": {...}}` with this shape; `parse({})` gives the demo data. */
export const neoruntimeFixturesSchema = z
  .object({
    users: z
      .array(userSchema)
      .min(1)
      .superRefine(uniqueBy((u) => u.username, "username"))
      .default([
        { username: "admin", password: "neopixel" },
        { username: "guest", password: "guest" },
      ]),
    scripts: z
      .object({
        local: scriptsSchema.default([
          { name: "example", lang: "python", exitAfterLines: null },
          { name: "countdown", lang: "python", exitAfterLines: 5 },
        ]),
        remote: scriptsSchema.default([{ name: "rainbow", lang: "python", exitAfterLines: null }]),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type NeoruntimeFixtures = z.infer<typeof neoruntimeFixturesSchema>;
