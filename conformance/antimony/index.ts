import { defineSuite } from "../index.js";
import { accessChecks } from "./access-checks.js";
import { authChecks } from "./auth-checks.js";
import { commandChecks } from "./command-checks.js";
import { antimonySuiteFixturesSchema } from "./fixtures.js";
import { inputChecks } from "./input-checks.js";
import { logChecks } from "./log-checks.js";
import { modelChecks } from "./model-checks.js";
import { notificationChecks } from "./notification-checks.js";
import { shellChecks } from "./shell-checks.js";

/** The antimony.md suite: one check per documented behaviour, plus the robustness every server owes. */
export const antimonySuite = defineSuite({
  api: "antimony",
  fixtures: antimonySuiteFixturesSchema,
  checks: [
    ...authChecks,
    ...inputChecks,
    ...commandChecks,
    ...shellChecks,
    ...logChecks,
    ...notificationChecks,
    ...accessChecks,
    ...modelChecks,
  ],
});

export default antimonySuite;
