import { z } from "zod";

/**
 * Known departures of one server, like web-platform-tests' metadata files: the checks it is known to fail, each
 * with the reason, so CI can gate on "no new failures" while they are being fixed.
 *
 *   { "expectedFailures": { "antimony.lab-commands.unknown-lab-5005": "answers 5000; tracked in #12" } }
 */
export const expectationsSchema = z.object({
  expectedFailures: z.record(z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/), z.string()).default({}),
});

export type Expectations = z.infer<typeof expectationsSchema>;

export const NO_EXPECTATIONS: Expectations = Object.freeze({ expectedFailures: {} });
