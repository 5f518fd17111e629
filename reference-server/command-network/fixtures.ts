import { z } from "zod";
import { clientNameSchema } from "../../protocols/command-network/index.js";

/**
 * The command network has no users or passwords: any app may register under any free name. Fixtures only seed the
 * directory and switch on the optional beacon; `parse({})` gives the demo set.
 */
export const commandNetworkFixturesSchema = z
  .object({
    /** Names registered before start and not connected: a command to one answers 441, registering it newClient:false. */
    knownClients: z.array(clientNameSchema).default(["demo-display"]),
    /** Registrations kept at most; beyond it the longest-disconnected one is forgotten (DECISIONS.md D12). */
    maxRegisteredClients: z.number().int().positive().default(1_000),
    /** A simulated registered client broadcasting one command at a fixed rate, for load runs (DECISIONS.md D21). */
    beacon: z
      .object({
        name: clientNameSchema.default("volley-beacon"),
        command: z.string().min(1).default("beacon"),
        /** 0 = off. Bounded because a timer below 1 ms does not fire faster. */
        perSecond: z.number().nonnegative().max(1_000).default(0),
        /** Size of the padding string carried in each beacon's meta. */
        metaBytes: z.number().int().nonnegative().max(65_536).default(0),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type CommandNetworkFixtures = z.infer<typeof commandNetworkFixturesSchema>;
export type BeaconFixtures = CommandNetworkFixtures["beacon"];
