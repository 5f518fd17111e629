import { z } from "zod";

/**
 * Every error the NestMTX API answers, by code. The wire carries only the message (nestmtx.md § Handling Responses
 * leaves the shape to the real server: `{error: {message, details, context}}`, REAL-SERVERS.md); the code names the
 * case for metrics and tests. Messages follow the real server where it has one ("Invalid Request", "Unauthorized").
 */
export const nestmtxErrors = {
  invalid_request: "Invalid Request",
  invalid_payload: "Invalid Payload",
  unknown_module: "Module not initialized",
  command_not_supported: "Command not supported by module",
  unauthorized: "Unauthorized",
  not_found: "Row not found",
  invalid_credentials: "Invalid user credentials",
  already_logged_in: "Already logged in",
  mtx_path_required: "mtx_path is required to enable or persist a camera",
  mtx_path_in_use: "mtx_path is already in use",
  username_taken: "Username is already in use",
  cannot_delete_self: "A user cannot delete itself",
  limit_reached: "Too many entities in this module",
} as const;

export type NestmtxErrorCode = keyof typeof nestmtxErrors;

/** One problem found in a request (Joi's detail shape on the real server: message, path, type). */
// nestmtx.md § Handling Responses ("an error message if the request was invalid")
export const errorDetailSchema = z.object({
  message: z.string(),
  path: z.string().optional(),
  type: z.string().optional(),
});
export type ErrorDetail = z.infer<typeof errorDetailSchema>;

/** The body of an error: the message, what was wrong, and the request it answers (`context`). */
// nestmtx.md § Handling Responses; shape from REAL-SERVERS.md § nestmtx.md
export const errorBodySchema = z.object({
  message: z.string(),
  details: z.array(errorDetailSchema),
  context: z.unknown(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** An error answered on the `requestId` event. */
// nestmtx.md § Handling Responses
export const errorAnswerSchema = z.object({ error: errorBodySchema });
export type ErrorAnswer = z.infer<typeof errorAnswerSchema>;
