import { setUpStep } from "../index.js";

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

/** Runs a set-up step; its departure (a Mismatch) blocks the check, naming the step, instead of failing it. */
export const setUp = <T>(step: SetupStep, action: () => Promise<T>): Promise<T> => setUpStep(SETUP_STEPS[step], action);
