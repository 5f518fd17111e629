import { blocked, ConnectionProblem, defineSuite } from "../index.js";
import { accessChecks } from "./access-checks.js";
import { authChecks } from "./auth-checks.js";
import { commandChecks } from "./command-checks.js";
import type { AntimonyCheck } from "./doc.js";
import { antimonySuiteFixturesSchema } from "./fixtures.js";
import { inputChecks } from "./input-checks.js";
import { logChecks } from "./log-checks.js";
import { modelChecks } from "./model-checks.js";
import { notificationChecks } from "./notification-checks.js";
import { shellChecks } from "./shell-checks.js";

/**
 * A check whose connection with a given token is refused (auth.token-accepted owns that behaviour) is blocked by it,
 * so that one refused token is one failure; connections a check is about are opened with `open` and judged there.
 */
const connecting = (check: AntimonyCheck): AntimonyCheck => ({
  ...check,
  run: async (ctx) => {
    try {
      return await check.run(ctx);
    } catch (err) {
      if (err instanceof ConnectionProblem && err.reason === "refused")
        return blocked("connect with a valid token", err.message);
      throw err;
    }
  },
});

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
  ].map(connecting),
});

export default antimonySuite;
