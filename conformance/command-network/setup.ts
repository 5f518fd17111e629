import { blocked, type Failure, Mismatch, type Verdict } from "../index.js";
import type { NetCheck } from "./check-type.js";

/**
 * The set-up steps checks rely on, each a behaviour that a `must` check of this suite owns: when one does not work,
 * that check fails with the real cause and the others report themselves blocked by the step, once, by name.
 */
export const SETUP_STEPS = {
  register: "register a new name (command-network.register.new-name)",
  ownId: "get_id of oneself (command-network.get-id.own)",
  softDisconnect: "a closed client listed not connected (command-network.disconnect.keeps-registration)",
} as const;
export type SetupStep = keyof typeof SETUP_STEPS;

/** Thrown by `setUp` and turned into a `blocked` verdict by `blockable`; never leaves a check. */
class SetupFailed extends Error {
  override readonly name = "SetupFailed";
  constructor(
    readonly step: SetupStep,
    readonly failure: Failure,
  ) {
    super(failure.title);
  }
}

/** Runs a set-up step; its departure (a Mismatch) blocks the check instead of failing it. */
export async function setUp<T>(step: SetupStep, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof Mismatch) throw new SetupFailed(step, error.failure);
    throw error;
  }
}

const reasonOf = (f: Failure) => `${f.title}: expected ${JSON.stringify(f.expected)}, got ${JSON.stringify(f.actual)}`;

/** The check, reporting `blocked(step, cause)` when one of its set-up steps failed. */
export function blockable(check: NetCheck): NetCheck {
  return {
    ...check,
    run: async (ctx): Promise<Verdict> => {
      try {
        return await check.run(ctx);
      } catch (error) {
        if (error instanceof SetupFailed) return blocked(SETUP_STEPS[error.step], reasonOf(error.failure));
        throw error;
      }
    },
  };
}
