import { z } from "zod";

/** Every error code an ack may carry. // antimony.md § Error Codes */
export const errorCodes = {
  generic: 5000,
  containerlab: 5001,
  alreadyDeploying: 5002,
  notRunning: 5003,
  /** The document describes 5004 exactly as 5002; DECISIONS.md D6 says when each is used. */
  deploying: 5004,
  notFound: 5005,
  nodeNotFound: 5006,
  shellNotFound: 5007,
  shellLimit: 5008,
  invalidRequest: 5422,
  noAccess: 5403,
} as const;

export type ErrorCode = (typeof errorCodes)[keyof typeof errorCodes];

const codeValues = Object.values(errorCodes) as [ErrorCode, ...ErrorCode[]];

/** The error ack: `{code, message}`. // antimony.md § Error Codes */
export const errorAckSchema = z.object({
  code: z.union(codeValues.map((c) => z.literal(c)) as [z.ZodLiteral<ErrorCode>, ...z.ZodLiteral<ErrorCode>[]]),
  message: z.string(),
});
export type ErrorAck = z.infer<typeof errorAckSchema>;

/**
 * The `connect_error` messages of a refused connection. // antimony.md § Authentication; REAL-SERVERS.md § antimony.md
 * `invalidNamespace` is Socket.IO's own message for a namespace that does not exist (yet).
 */
export const refusals = {
  unauthorized: "Unauthorized",
  invalidToken: "Invalid Token",
  noAccess: "No Access",
  invalidNamespace: "Invalid namespace",
} as const;

export type Refusal = (typeof refusals)[keyof typeof refusals];
