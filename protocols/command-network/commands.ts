import { z } from "zod";
import { clientNameSchema } from "./clients.js";
import { failureAckSchema } from "./errors.js";

// command-network.md § Sending Commands 3: no target (None/null) broadcasts; a name or an array of names targets
// those clients (REAL-SERVERS.md: "a string or array of names"). Anything else is answered 422 (DECISIONS.md D5).
export const targetSchema = z.union([clientNameSchema, z.array(clientNameSchema)]).nullish();
export type Target = z.infer<typeof targetSchema>;

// command-network.md § Sending Commands: `name` (required), `meta`, `target`, `mirror`; sent as
// `command({command, meta, target, mirror}, ack)` (REAL-SERVERS.md).
export const commandRequestSchema = z.object({
  command: z.string().min(1),
  meta: z.unknown().optional(),
  target: targetSchema,
  mirror: z.boolean().nullish(),
});
export type CommandRequest = z.infer<typeof commandRequestSchema>;

// command-network.md § Receiving Commands: receivers get event `command` with `{command, meta}`; meta is null when
// the sender gave none (DECISIONS.md D10).
export const deliveredCommandSchema = z.object({ command: z.string(), meta: z.unknown() });
export type DeliveredCommand = z.infer<typeof deliveredCommandSchema>;

// REAL-SERVERS.md: per-target results, 440 not registered, 441 not connected.
export const targetResultSchema = z.discriminatedUnion("success", [
  z.object({ success: z.literal(true) }),
  failureAckSchema,
]);
export type TargetResult = z.infer<typeof targetResultSchema>;

// REAL-SERVERS.md: a broadcast acks `{success: true}`; a single-name target acks that target's result; an array
// acks `{success: true, targets: {<name>: TargetResult}}`.
export const commandAckSchema = z.union([
  z.object({ success: z.literal(true), targets: z.record(z.string(), targetResultSchema) }),
  z.object({ success: z.literal(true) }),
  failureAckSchema,
]);
export type CommandAck = z.infer<typeof commandAckSchema>;

// command-network.md § Theory 3; REAL-SERVERS.md: `{timestamp, source, target, command, meta}`, oldest first.
export const pastCommandSchema = z.object({
  timestamp: z.number(),
  source: z.string(),
  // null for a broadcast; the real server omits the key when the sender did (hence nullish).
  target: z.union([z.string(), z.array(z.string())]).nullish(),
  command: z.string(),
  meta: z.unknown(),
});
export type PastCommand = z.infer<typeof pastCommandSchema>;

export const getPastCommandsAckSchema = z.discriminatedUnion("success", [
  z.object({ success: z.literal(true), commands: z.array(pastCommandSchema) }),
  failureAckSchema,
]);
export type GetPastCommandsAck = z.infer<typeof getPastCommandsAckSchema>;
