import fc from "fast-check";
import { type CheckContext, type Failure, Mismatch, pass, type Verdict } from "../check.js";
import type { Exchange } from "../client/transcript.js";

/**
 * A model-based run, laid out like fast-check's examples/004-stateMachine: a model type `M` (what the document
 * says the server holds), a real-system type `R` (the connected clients), and one file per command whose `check`
 * says when it applies, whose `run` acts on the target, updates the model and throws `Mismatch` when an answer or a
 * pushed event departs from the model, and whose `toString` names it in the counterexample.
 */
export interface ModelSpec<F, M extends object, R> {
  readonly commands: fc.Arbitrary<fc.AsyncCommand<M, R>>[];
  /** Fresh model and connected clients for one sequence (use `ctx.clients`). */
  setup(ctx: CheckContext<F>): Promise<{ model: M; real: R }>;
  /** Cleans the target up after one sequence; clients are closed by the helper itself. */
  teardown?(real: R, ctx: CheckContext<F>): Promise<void>;
  /** Longest generated sequence; shrinking then shortens a failing one. Default 10. */
  readonly maxCommands?: number;
}

/**
 * Runs random command sequences against the target with `fc.asyncModelRun`. On failure the verdict carries the
 * SHRUNK sequence, the exchanges of that sequence alone (replayable emits), and the seed and path to run it again.
 */
export async function runModel<F, M extends object, R>(
  ctx: CheckContext<F>,
  spec: ModelSpec<F, M, R>,
): Promise<Verdict> {
  // fast-check reports the last failing execution as the counterexample, so its exchanges are the shrunk ones.
  let lastFailure: { exchanges: readonly Exchange[]; error: unknown } | undefined;
  const property = fc.asyncProperty(
    fc.commands(spec.commands, { maxCommands: spec.maxCommands ?? 10 }),
    async (cmds) => {
      // Past the check's deadline every attempt passes at once, which ends shrinking with the current counterexample.
      if (ctx.signal.aborted) return;
      const mark = ctx.transcript.mark();
      const { model, real } = await spec.setup(ctx);
      try {
        await fc.asyncModelRun(() => ({ model, real }), cmds);
      } catch (error) {
        lastFailure = { exchanges: ctx.transcript.since(mark), error };
        throw error;
      } finally {
        await spec.teardown?.(real, ctx);
        ctx.clients.closeAll();
      }
    },
  );
  const details = await fc.check(property, {
    seed: ctx.fc.seed,
    numRuns: ctx.fc.numRuns,
    ...(ctx.fc.path === undefined ? {} : { path: ctx.fc.path }),
  });
  if (!details.failed || lastFailure === undefined) return pass();
  const base: Failure =
    lastFailure.error instanceof Mismatch
      ? lastFailure.error.failure
      : { title: "a command threw", expected: "no exception", actual: String(lastFailure.error) };
  return {
    status: "fail",
    ...base,
    counterexample: String(details.counterexample?.[0]),
    transcript: lastFailure.exchanges,
    path: details.counterexamplePath ?? undefined,
  };
}
