import { z } from "zod";
import { clientNameSchema } from "../../protocols/command-network/index.js";

/**
 * What the suite needs from the target. The command network has no credentials: the checks register names of
 * their own (`namePrefix` plus a random part per check, so runs never collide). Keys a `volley serve --fixtures`
 * file also holds (`maxRegisteredClients`, `beacon`) are ignored, so one file can serve both commands.
 */
export const commandNetworkFixtures = z.object({
  /** Every name the suite registers starts with this. */
  namePrefix: clientNameSchema.default("volley"),
  /** Names registered on the target whose apps are not connected now; checks needing one are skipped without. */
  knownClients: z.array(clientNameSchema).default([]),
});

export type CommandNetworkFixtures = z.infer<typeof commandNetworkFixtures>;
