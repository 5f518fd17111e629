import fc from "fast-check";
import { blocked, type CheckContext, type Failure, Mismatch, pass, SetupBlocked, type Verdict } from "../check.js";
import { acceptsConnections } from "../client/accepts-connections.js";
import { ConnectionProblem } from "../client/client-factory.js";
import { type Exchange, renumberClients } from "../client/transcript.js";

/**
 * A property over generated inputs, run with the context's seed, runs and path. `body` acts on the target and
 * throws `Mismatch` on a departure; clients it opens stay open until the check ends unless it closes them. A
 * failing verdict carries the shrunk input, the exchanges of that last failing execution (fast-check reports the
 * last failure it saw as the counterexample) with its clients' set-up before it, and the replay path.
 */
export async function runProperty<F, T>(
  ctx: CheckContext<F>,
  arbitrary: fc.Arbitrary<T>,
  body: (value: T) => Promise<void>,
): Promise<Verdict> {
  let lastFailure: { exchanges: readonly Exchange[]; error: unknown } | undefined;
  let targetGone = false;
  const setup = ctx.transcript.since(0);
  const property = fc.asyncProperty(arbitrary, async (value) => {
    // Past the check's deadline, or once the target is gone, every attempt passes at once: that ends shrinking with
    // the current counterexample. After a crash that is the input that crashed the server; shrinking on would only
    // find that every input "fails" against a dead target and report the smallest one instead.
    if (ctx.signal.aborted || targetGone) return;
    const mark = ctx.transcript.mark();
    try {
      await body(value);
    } catch (error) {
      lastFailure = { exchanges: renumberClients(withSetup(setup, ctx.transcript.since(mark))), error };
      // A connection the check could not open, or a set-up step that did not work, says nothing about the input: stop
      // shrinking, as for a lost target.
      targetGone =
        error instanceof ConnectionProblem ||
        error instanceof SetupBlocked ||
        !(await acceptsConnections(ctx.target, ctx.timeoutMs));
      throw error;
    }
  });
  const details = await fc.check(property, {
    seed: ctx.fc.seed,
    numRuns: ctx.fc.numRuns,
    ...(ctx.fc.path === undefined ? {} : { path: ctx.fc.path }),
  });
  if (!details.failed || lastFailure === undefined) return pass();
  // A connection problem is an error of the run (exit 2), never a failure with a counterexample.
  if (lastFailure.error instanceof ConnectionProblem) return { status: "error", message: lastFailure.error.message };
  if (lastFailure.error instanceof SetupBlocked) return blocked(lastFailure.error.step, lastFailure.error.reason);
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

/**
 * A failing execution's exchanges, preceded by what its clients did before the property began (connecting,
 * registering, logging in): without that, a replay would send the failing input from a client the server does not
 * know yet. Clients the execution did not use are left out.
 */
function withSetup(setup: readonly Exchange[], run: readonly Exchange[]): Exchange[] {
  const used = new Set(run.map((e) => e.client));
  return [...setup.filter((e) => used.has(e.client)), ...run];
}
