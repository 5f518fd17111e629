import { z } from "zod";

/**
 * The `data` event on `/lab-updates`: the client should re-fetch this lab. // antimony.md § Lab Updates
 * The document allows "no lab specified" (re-fetch all); DECISIONS.md D11: the reference server always names one.
 */
export const labUpdateEventSchema = z.object({
  payload: z.object({ labId: z.string() }),
});
export type LabUpdateEvent = z.infer<typeof labUpdateEventSchema>;
