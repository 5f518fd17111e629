import fc from "fast-check";
import type { CheckContext, Verdict } from "../check.js";
import { runProperty } from "./run-property.js";

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
 * SHRUNK sequence (`counterexample`), the exchanges of that sequence alone (replayable emits), and the path.
 */
export function runModel<F, M extends object, R>(ctx: CheckContext<F>, spec: ModelSpec<F, M, R>): Promise<Verdict> {
  const sequences = fc.commands(spec.commands, { maxCommands: spec.maxCommands ?? 10 });
  return runProperty(ctx, sequences, async (cmds) => {
    const setup = await spec.setup(ctx);
    try {
      await fc.asyncModelRun(() => setup, cmds);
    } finally {
      await spec.teardown?.(setup.real, ctx);
      ctx.clients.closeAll();
    }
  });
}
