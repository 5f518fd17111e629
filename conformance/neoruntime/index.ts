import { defineSuite } from "../index.js";
import { authChecks } from "./auth-checks.js";
import { badInputChecks } from "./bad-input-checks.js";
import { eventChecks } from "./event-checks.js";
import { neoruntimeFixtures } from "./fixtures.js";
import { modelCheck } from "./model-check.js";
import { scriptChecks } from "./script-checks.js";
import { unauthenticatedChecks } from "./unauthenticated-checks.js";

export { type NeoruntimeFixtures, neoruntimeFixtures } from "./fixtures.js";

/** neoruntime.md, check by check; the coverage table is docs/conformance-neoruntime.md. */
export const neoruntimeSuite = defineSuite({
  api: "neoruntime",
  fixtures: neoruntimeFixtures,
  checks: [...authChecks, ...unauthenticatedChecks, ...scriptChecks, ...eventChecks, ...badInputChecks, modelCheck],
});
