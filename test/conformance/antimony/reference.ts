import { embeddedConformance } from "../../../src/embedded/conformance-targets.js";
import type { ReferenceRun } from "../../support/conformance.js";

/**
 * The reference server as `volley start` meets it (src/embedded): its demo users and labs plus `lab-fresh`, which no
 * check deploys (for the "never deployed" checks); fast deploys and a small shell limit keep the suite quick.
 */
const embedded = embeddedConformance.antimony;
export const serverFixtures = embedded.serverFixtures;
export const mainToken = embedded.credentials.token ?? "";
/** The suite's fixtures for that server: what a user would write in `--fixtures`. */
export const suiteFixtures = embedded.fixtures("");

export const referenceRun: ReferenceRun = {
  serverFixtures,
  fixtures: suiteFixtures,
  credentials: embedded.credentials,
  options: embedded.serverOptions ?? {},
  timeoutMs: 1_000,
};
