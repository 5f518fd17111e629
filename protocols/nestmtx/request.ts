import { z } from "zod";

/** The L.C.R.U.D. commands. */
// nestmtx.md § Request Structure (command)
export const COMMANDS = ["list", "create", "read", "update", "delete"] as const;
export const commandSchema = z.enum(COMMANDS);
export type Command = z.infer<typeof commandSchema>;

/** Commands that name one entity and so require `entity`. */
// nestmtx.md § Request Structure (entity: "required for read, update, and delete")
export const ENTITY_COMMANDS: readonly Command[] = ["read", "update", "delete"];
/** Commands that carry data and so require `payload`. */
// nestmtx.md § Request Structure (payload: "the data required for create and update")
export const PAYLOAD_COMMANDS: readonly Command[] = ["create", "update"];

/** An entity id: the database id, sent as a string (as the real server's Joi schema wants) or a number (D5). */
export const entityIdSchema = z.union([z.string().regex(/^\d{1,15}$/), z.number().int().positive()]);

/**
 * The `request` payload. Unknown keys are rejected (REAL-SERVERS.md). `module` stays a free string here so that an
 * unknown module is answered as such rather than as a malformed request.
 */
// nestmtx.md § Request Structure
export const requestSchema = z
  .object({
    command: commandSchema,
    module: z.string().min(1),
    requestId: z.string().min(1),
    entity: entityIdSchema.optional(),
    payload: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .superRefine((req, ctx) => {
    if (ENTITY_COMMANDS.includes(req.command) && req.entity === undefined) {
      ctx.addIssue({ code: "custom", path: ["entity"], message: `"entity" is required for ${req.command}` });
    }
    if (!ENTITY_COMMANDS.includes(req.command) && req.entity !== undefined) {
      ctx.addIssue({ code: "custom", path: ["entity"], message: `"entity" is not allowed for ${req.command}` });
    }
    if (PAYLOAD_COMMANDS.includes(req.command) && req.payload === undefined) {
      ctx.addIssue({ code: "custom", path: ["payload"], message: `"payload" is required for ${req.command}` });
    }
    if ((req.command === "read" || req.command === "delete") && req.payload !== undefined) {
      ctx.addIssue({ code: "custom", path: ["payload"], message: `"payload" is not allowed for ${req.command}` });
    }
  });
export type NestmtxRequest = z.infer<typeof requestSchema>;

/** Just enough of a request to answer it on its own event (D3). */
export const answerableSchema = z.object({ requestId: z.string().min(1) });

/** The `list` payload: optional search and paging (the real server's defaults: page 1, 10 per page). */
// nestmtx.md § Request Structure (payload), fields from the real server's list commands
export const listQuerySchema = z
  .object({
    search: z.string().nullable().default(null),
    page: z.coerce.number().int().positive().default(1),
    itemsPerPage: z.coerce.number().int().positive().max(1000).default(10),
    sortBy: z.string().nullable().default(null),
  })
  .strict();
export type ListQuery = z.infer<typeof listQuerySchema>;

/** What `list` answers, bare: the query echoed, the total, one page of items. */
export function listResultSchema<T extends z.ZodType>(item: T) {
  return listQuerySchema.extend({ total: z.number().int().nonnegative(), items: z.array(item) });
}
export type ListResult<T> = ListQuery & { total: number; items: T[] };
