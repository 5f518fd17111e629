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

/** Between fast-check's path and the commands' replayPath in a model run's `--path` (both are base64 and `:`). */
const REPLAY_PATH_MARK = "@";

/**
 * Runs random command sequences against the target with `fc.asyncModelRun`. On failure the verdict carries the
 * SHRUNK sequence (`counterexample`), the exchanges of that sequence alone (replayable emits), and the path.
 *
 * Trap: seed and path alone do not replay a command sequence. `fc.commands` shrinks by which commands ran, which a
 * path replay does not execute, so fast-check wants the sequence's `replayPath` too (fast-check docs, "Model based
 * testing": replayPath "should be used in conjunction with { seed, path }"); without it the walk ends on another
 * value: `Unable to replay, got wrong path`. The verdict's path therefore carries both, `<path>@<replayPath>`, and
 * is taken apart here when it comes back as `--path`.
 */
export async function runModel<F, M extends object, R>(
  ctx: CheckContext<F>,
  spec: ModelSpec<F, M, R>,
): Promise<Verdict> {
  const [path, replayPath] = ctx.fc.path?.split(REPLAY_PATH_MARK) ?? [];
  const sequences = fc.commands(spec.commands, {
    maxCommands: spec.maxCommands ?? 10,
    ...(replayPath === undefined ? {} : { replayPath }),
  });
  const fcCtx = { ...ctx, fc: { seed: ctx.fc.seed, numRuns: ctx.fc.numRuns, ...(path === undefined ? {} : { path }) } };
  const verdict = await runProperty(fcCtx, sequences, async (cmds) => {
    const setup = await spec.setup(ctx);
    try {
      await fc.asyncModelRun(() => setup, cmds);
    } finally {
      await spec.teardown?.(setup.real, ctx);
      ctx.clients.closeAll();
    }
  });
  if (verdict.status !== "fail" || verdict.path === undefined) return verdict;
  // fast-check prints the sequence as `cmd1,cmd2 /*replayPath="..."*/` (CommandsIterable's toString).
  const printed = /\/\*replayPath="([^"]+)"\*\/$/.exec(verdict.counterexample ?? "")?.[1];
  return printed === undefined ? verdict : { ...verdict, path: `${verdict.path}${REPLAY_PATH_MARK}${printed}` };
}
