import { z } from "zod";
import { NEORUNTIME_ERROR_CODES } from "./errors.js";

// neoruntime.md § NeoRuntime/Script/Create: "Path of the new script, local/example".
export const scriptLocations = ["local", "remote"] as const;
export const scriptLocationSchema = z.enum(scriptLocations);
export type ScriptLocation = z.infer<typeof scriptLocationSchema>;

/** One path segment; no dots or slashes, so a path can never climb out of its location (DECISIONS.md D9). */
export const scriptNameSchema = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/);

export const scriptPathSchema = z.string().regex(/^(local|remote)\/[A-Za-z0-9_-]{1,100}$/);
export type ScriptPath = z.infer<typeof scriptPathSchema>;

/** Every action taking a scriptPath: Create, Delete, Select (their "Arguments" tables). Extra arguments are ignored. */
export const scriptPathArgsSchema = z.tuple([z.string()], z.unknown());

/** An entry of the lists `NeoRuntime/Scripts/get` returns; the shape is the real server's (REAL-SERVERS.md). */
export const scriptEntrySchema = z.object({
  name: scriptNameSchema,
  loc: scriptLocationSchema,
  path: scriptPathSchema,
  lang: z.string(),
});
export type ScriptEntry = z.infer<typeof scriptEntrySchema>;

// neoruntime.md § NeoRuntime/Scripts/get, "Return": `local` list, `remote` list.
export const scriptListSchema = z.object({
  local: z.array(scriptEntrySchema),
  remote: z.array(scriptEntrySchema),
});
export type ScriptList = z.infer<typeof scriptListSchema>;

// neoruntime.md § NeoRuntime/Script/Create and § Delete, "Return": `res` success, `resMsg` "if fail, errorMessage".
export const actionSuccessSchema = z.object({ res: z.literal(true) });
export const actionFailureSchema = z.object({ res: z.literal(false), resMsg: z.enum(NEORUNTIME_ERROR_CODES) });
export const actionResultSchema = z.discriminatedUnion("res", [actionSuccessSchema, actionFailureSchema]);
export type ActionResult = z.infer<typeof actionResultSchema>;
