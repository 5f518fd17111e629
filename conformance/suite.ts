import type { z } from "zod";
import type { ApiName } from "../protocols/protocol.js";
import type { Check } from "./check.js";

/**
 * One API's conformance suite: its checks (model-based runs are checks too, built with `runModel`) and the
 * schema of the fixtures it needs from the target: ids that exist there, users and passwords. Fixtures come from the
 * user (`--fixtures`, config file), never from knowledge of the reference server.
 */
export interface Suite<F = unknown> {
  readonly api: ApiName;
  readonly fixtures: z.ZodType<F, unknown>;
  readonly checks: readonly Check<F>[];
}

// biome-ignore lint/suspicious/noExplicitAny: an existential type — each suite pairs its checks with its own fixtures.
export type AnySuite = Suite<any>;

/** Ties a suite's checks to its fixtures type, so `ctx.fixtures` is typed inside every check. */
export function defineSuite<F>(suite: Suite<F>): Suite<F> {
  const seen = new Set<string>();
  for (const check of suite.checks) {
    if (!check.id.startsWith(`${suite.api}.`)) throw new Error(`check ${check.id} must start with "${suite.api}."`);
    if (seen.has(check.id)) throw new Error(`duplicate check id ${check.id}`);
    seen.add(check.id);
  }
  return suite;
}
