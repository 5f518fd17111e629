import fc from "fast-check";
import { type CheckContext, type Failure, Mismatch, pass, type Verdict } from "../check.js";
import { type Exchange, renumberClients } from "../client/transcript.js";

/**
 * A property over generated inputs, run with the context's seed, runs and path. `body` acts on the target and
 * throws `Mismatch` on a departure; clients it opens stay open until the check ends unless it closes them. A failing verdict carries the shrunk input, only the exchanges of that last
 * failing execution (fast-check reports the last failure it saw as the counterexample), and the replay path.
 */
export async function runProperty<F, T>(
  ctx: CheckContext<F>,
  arbitrary: fc.Arbitrary<T>,
  body: (value: T) => Promise<void>,
): Promise<Verdict> {
  let lastFailure: { exchanges: readonly Exchange[]; error: unknown } | undefined;
  const property = fc.asyncProperty(arbitrary, async (value) => {
    // Past the check's deadline every attempt passes at once, which ends shrinking with the current counterexample.
    if (ctx.signal.aborted) return;
    const mark = ctx.transcript.mark();
    try {
      await body(value);
    } catch (error) {
      lastFailure = { exchanges: renumberClients(ctx.transcript.since(mark)), error };
      throw error;
    }
  });
  const details = await fc.check(property, {
    seed: ctx.fc.seed,
    numRuns: ctx.fc.numRuns,
    ...(ctx.fc.path === undefined ? {} : { path: ctx.fc.path }),
  });
  if (!details.failed || lastFailure === undefined) return pass();
  const base: Failure =
    lastFailure.error instanceof Mismatch
      ? lastFailure.error.failure
      : { title: "the check threw", expected: "no exception", actual: String(lastFailure.error) };
  return {
    status: "fail",
    ...base,
    counterexample: fc.stringify(details.counterexample?.[0]),
    transcript: lastFailure.exchanges,
    ...(details.counterexamplePath === null ? {} : { path: details.counterexamplePath }),
  };
}
