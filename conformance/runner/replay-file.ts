import { z } from "zod";
import type { Exchange } from "../client/transcript.js";
import type { CheckResult, Report } from "./result.js";

/**
 * A failing check's counterexample as a file: the exchanges to re-send and the answers recorded, with the failure
 * and the seed. Credentials appear as `{"$secret": "token"}`, filled in again from the replaying user's flags.
 */
export const replayFileSchema = z.object({
  volleyReplay: z.literal(1),
  api: z.string(),
  check: z.object({ id: z.string(), title: z.string(), level: z.enum(["must", "should"]) }),
  recordedAgainst: z.string(),
  sioVersion: z.union([z.literal(2), z.literal(4)]),
  seed: z.number(),
  path: z.string().optional(),
  reproduce: z.string(),
  failure: z.object({
    title: z.string(),
    expected: z.unknown(),
    actual: z.unknown(),
    counterexample: z.string().optional(),
  }),
  // Exchanges are written by Transcript and only read back by replay, which checks each kind it meets.
  exchanges: z.array(z.looseObject({ at: z.number(), client: z.string(), kind: z.string() })),
});

export type ReplayFile = Omit<z.infer<typeof replayFileSchema>, "exchanges"> & { exchanges: readonly Exchange[] };

/** The replay file of a failed check, or undefined for a check that did not fail. */
export function replayFileOf(report: Report, result: CheckResult): ReplayFile | undefined {
  const f = result.failure;
  // A run that never reached the target (no generation known) has no failures.
  if (f === undefined || report.sioVersion === undefined) return undefined;
  return {
    volleyReplay: 1,
    api: report.api,
    check: { id: result.id, title: result.title, level: result.level },
    recordedAgainst: report.target,
    sioVersion: report.sioVersion,
    seed: report.seed,
    ...(f.path === undefined ? {} : { path: f.path }),
    reproduce: f.reproduce,
    failure: {
      title: f.title,
      expected: f.expected,
      actual: f.actual,
      ...(f.counterexample === undefined ? {} : { counterexample: f.counterexample }),
    },
    exchanges: f.transcript,
  };
}
