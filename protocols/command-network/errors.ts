import { z } from "zod";

/**
 * Every error code the command network answers, with its message. 440, 441, 450 and 480 and their messages are the
 * real server's (REAL-SERVERS.md § command-network.md); 422 and 451 are the reference server's choices for cases the
 * document leaves open (DECISIONS.md D5, D7).
 */
export const commandNetworkErrors = {
  /** A named client (get_id's appName, a command target) was never registered. */
  clientNotRegistered: { code: 440, message: "Client not registered" },
  /** A command target is registered but has no open connection. */
  clientNotConnected: { code: 441, message: "Client not connected" },
  /** register: another connection already holds that name; this connection is then closed. */
  clientAlreadyConnected: { code: 450, message: "Client already connected" },
  /** register: this connection already registered (under any name). DECISIONS.md D7. */
  alreadyRegistered: { code: 451, message: "Connection already registered" },
  /** Any action before register. */
  mustRegister: { code: 480, message: "Client must register before calling" },
  /** A payload that does not match the action's schema, or a string over the server's size limit. DECISIONS.md D5. */
  invalidPayload: { code: 422, message: "Invalid payload" },
} as const;

export type CommandNetworkErrorName = keyof typeof commandNetworkErrors;
export type CommandNetworkErrorCode = (typeof commandNetworkErrors)[CommandNetworkErrorName]["code"];

// REAL-SERVERS.md § command-network.md: every failure is acked as `{success: false, error, message}`.
export const failureAckSchema = z.object({
  success: z.literal(false),
  error: z.number().int(),
  message: z.string(),
});
export type FailureAck = z.infer<typeof failureAckSchema>;

/** The failure ack for one error of the table. */
export function failure(name: CommandNetworkErrorName, detail?: string): FailureAck {
  const { code, message } = commandNetworkErrors[name];
  return { success: false, error: code, message: detail === undefined ? message : `${message}: ${detail}` };
}
