import { defineSuite } from "../index.js";
import { authChecks } from "./auth-checks.js";
import { crudChecks } from "./crud-checks.js";
import { nestmtxFixtures } from "./fixtures.js";
import { logChecks } from "./log-checks.js";
import { crudModelCheck } from "./model/crud-model-check.js";
import { requestChecks } from "./request-checks.js";
import { robustnessChecks } from "./robustness-checks.js";
import { topicChecks } from "./topic-checks.js";

export { type NestmtxFixtures, nestmtxFixtures } from "./fixtures.js";

/** nestmtx.md, check by check; the coverage table is docs/conformance-nestmtx.md. */
export const nestmtxSuite = defineSuite({
  api: "nestmtx",
  fixtures: nestmtxFixtures,
  checks: [
    ...authChecks,
    ...requestChecks,
    ...crudChecks,
    crudModelCheck,
    ...topicChecks,
    ...logChecks,
    ...robustnessChecks,
  ],
});
