import { z } from "zod";
import { scriptListSchema, scriptPathSchema } from "./scripts.js";
import { runtimeStatusSchema } from "./status.js";

/**
 * neoruntime.md § "Events": `Socket.emit(event + "::join")` starts and `event + "::leave"` stops delivery of
 * `event`. The document names no events; these are the ones the reference server defines (DECISIONS.md D13).
 */
export const subscribableEvents = ["NeoRuntime/status", "NeoRuntime/Scripts", "NeoRuntime/Script/output"] as const;
export type SubscribableEvent = (typeof subscribableEvents)[number];

export type JoinEvent = `${SubscribableEvent}::join`;
export type LeaveEvent = `${SubscribableEvent}::leave`;

export const joinEvent = <E extends SubscribableEvent>(event: E): `${E}::join` => `${event}::join`;
export const leaveEvent = <E extends SubscribableEvent>(event: E): `${E}::leave` => `${event}::leave`;

/** One line the running script printed (DECISIONS.md D14). */
export const scriptOutputSchema = z.object({
  scriptPath: scriptPathSchema,
  /** 1 for the first line of a run, then +1 per line: a gap means a lost line. */
  seq: z.number().int().positive(),
  line: z.string(),
});
export type ScriptOutput = z.infer<typeof scriptOutputSchema>;

/** The one argument each subscribable event carries. */
export const subscriptionPayloadSchemas = {
  "NeoRuntime/status": runtimeStatusSchema,
  "NeoRuntime/Scripts": scriptListSchema,
  "NeoRuntime/Script/output": scriptOutputSchema,
} as const satisfies Record<SubscribableEvent, z.ZodType>;

export type SubscriptionPayload<E extends SubscribableEvent> = z.infer<(typeof subscriptionPayloadSchemas)[E]>;
