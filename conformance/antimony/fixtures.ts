import { z } from "zod";

const id = z.string().min(1);

/**
 * What the antimony suite needs from the target, given by the user (`--fixtures`, keyed `antimony` or not); nothing
 * here is known from the reference server. Checks whose fixture is missing are skipped with the reason.
 * The main user's token may come from `--token` instead of `token` (then it is masked in reports and replay files).
 */
export const antimonySuiteFixturesSchema = z
  .object({
    /** The main user's access token (antimony.md § Authentication); `--token` if absent. */
    token: id.optional(),
    /** A lab the main user may use, and its node names. The checks deploy, stop, restart and destroy it. */
    lab: z.object({ id, nodes: z.array(id).min(1) }).optional(),
    /** A second user's token, WITHOUT access to `lab`: access rules and fan-out (who must not hear what). */
    otherToken: id.optional(),
    /** A lab of the main user whose every deploy fails in containerlab (5001). */
    failingLab: z.object({ id }).optional(),
    /** A lab of the main user that has never been deployed on the target (no log namespace yet, 5003). */
    undeployedLab: z.object({ id, node: id }).optional(),
    /** The target's limit of open shells per user ("max open shell limit"), for 5008; the check opens one more. */
    shellLimit: z.number().int().positive().max(64).optional(),
  })
  .strict();

export type AntimonySuiteFixtures = z.infer<typeof antimonySuiteFixturesSchema>;
export type LabFixture = NonNullable<AntimonySuiteFixtures["lab"]>;
