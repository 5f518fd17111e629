import { z } from "zod";

/**
 * What antimony.md guarantees about each message, and nothing more. The checks judge answers with these, never with
 * protocols/antimony/'s schemas: those describe the reference server's answers (its choices where the document is
 * silent, DECISIONS.md), and a server Volley did not write owes none of them. Extra fields always pass (z.object
 * strips them); only what the document shows is required.
 */

/** `{labId, command, node?, shellId?}` (§ Lab Commands): a request every server must take as valid. */
export const requestSchema = z.object({
  // The document types labId as a string; a non-empty one keeps generated requests clear of "is '' an id?".
  labId: z.string().min(1),
  command: z.number().int(),
  node: z.string().optional(),
  shellId: z.string().optional(),
});

/**
 * The requests the document does not make invalid: also an empty labId (a string) and null for an optional field
 * (many JSON decoders read null as absent). A request this schema rejects fits no reading of the documented shape,
 * so 5422 ("the socket request was invalid") is owed.
 */
export const notInvalidSchema = requestSchema.extend({
  labId: z.string(),
  node: z.string().nullish(),
  shellId: z.string().nullish(),
});

/** The "Return Value" column of § Available Commands. */
export const nullAckSchema = z.object({ payload: z.null() });
export const shellListAckSchema = z.object({ payload: z.array(z.object({ id: z.string(), node: z.string() })) });
export const shellIdAckSchema = z.object({ payload: z.string() });
/** § Error Codes: `{code: number, message: string}`. */
export const errorAckSchema = z.object({ code: z.number(), message: z.string() });

/**
 * ISO 8601 date and time (§ Status Messages): extended or basic format, any number of fraction digits (either
 * separator), seconds or minutes optional, and a zone that is Z, an offset or absent (local time).
 */
const iso8601 = /^\d{4}(-\d{2}-\d{2}|\d{4})T\d{2}(:?\d{2}(:?\d{2}([.,]\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/;

/** `data` on `/status-messages`, severity one of the table's five codes. */
export const statusMessageEventSchema = z.object({
  payload: z.object({
    id: z.string(),
    timestamp: z.string().regex(iso8601),
    source: z.string(),
    content: z.string(),
    logContent: z.string(),
    severity: z.number().int().min(0).max(4),
  }),
});

/** `data` on `/lab-updates`: "If no lab has been specified, all labs should be re-fetched", so labId may be absent. */
export const labUpdateEventSchema = z.object({
  payload: z.object({ labId: z.string().nullish() }),
});

/** `data` on `/shell-commands` as the document shows it (command 0 error, 1 close). */
export const shellCommandEventSchema = z.object({
  labId: z.string(),
  node: z.string(),
  shellId: z.string(),
  command: z.union([z.literal(0), z.literal(1)]),
  message: z.string(),
});

/** Log and shell namespaces: `data` is a string, `backlog` a string[]. */
export const lineSchema = z.string();
export const backlogSchema = z.array(z.string());
