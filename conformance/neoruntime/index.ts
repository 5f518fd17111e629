import { blocked, defineSuite } from "../index.js";
import { authChecks } from "./auth-checks.js";
import { badInputChecks } from "./bad-input-checks.js";
import type { NeoCheck } from "./doc.js";
import { eventChecks } from "./event-checks.js";
import { neoruntimeFixtures } from "./fixtures.js";
import { modelCheck } from "./model-check.js";
import { scriptChecks } from "./script-checks.js";
import { SetupBlocked } from "./session.js";
import { unauthenticatedChecks } from "./unauthenticated-checks.js";

export { type NeoruntimeFixtures, neoruntimeFixtures } from "./fixtures.js";

/** The check, with a failed set-up step (SetupBlocked, from session.ts `step`) reported as `blocked`. */
const reportingBlocked = (check: NeoCheck): NeoCheck => ({
  ...check,
  run: async (ctx) => {
    try {
      return await check.run(ctx);
    } catch (err) {
      if (err instanceof SetupBlocked) return blocked(err.step, err.reason);
      throw err;
    }
  },
});

/** neoruntime.md, check by check; the coverage table is docs/conformance-neoruntime.md. */
export const neoruntimeSuite = defineSuite({
  api: "neoruntime",
  fixtures: neoruntimeFixtures,
  checks: [...authChecks, ...unauthenticatedChecks, ...scriptChecks, ...eventChecks, ...badInputChecks, modelCheck].map(
    reportingBlocked,
  ),
});
