import { mintToken } from "../../../reference-server/antimony/token.js";
import type { ReferenceRun } from "../../support/conformance.js";

/**
 * The reference server as these tests start it: its demo users and labs plus `lab-fresh`, which no test deploys
 * (for the "never deployed" checks); fast deploys and a small shell limit keep the suite quick.
 */
const secret = "volley-antimony-conformance-secret";
export const serverFixtures = {
  jwtSecret: secret,
  users: [
    { id: "alice", name: "Alice" },
    { id: "carol", name: "Carol" },
  ],
  labs: [
    { id: "lab-alpha", name: "Alpha", owner: "alice", nodes: ["router1", "router2"] },
    { id: "lab-broken", name: "Broken", owner: "alice", nodes: ["node1"], failDeploy: true },
    { id: "lab-fresh", name: "Fresh", owner: "alice", nodes: ["host1"] },
    { id: "lab-gamma", name: "Gamma", owner: "carol", nodes: ["host1"] },
  ],
};

/** The suite's fixtures for that server: what a user would write in `--fixtures`. */
export const suiteFixtures = {
  lab: { id: "lab-alpha", nodes: ["router1", "router2"] },
  otherToken: mintToken(secret, "carol"),
  failingLab: { id: "lab-broken" },
  undeployedLab: { id: "lab-fresh", node: "host1" },
  shellLimit: 3,
};

export const mainToken = mintToken(secret, "alice");

export const referenceRun: ReferenceRun = {
  serverFixtures,
  fixtures: suiteFixtures,
  credentials: { token: mainToken },
  options: { simulation: { deployMs: 40, logLinesPerSecond: 20 }, limits: { maxShellsPerUser: 3 } },
  timeoutMs: 1_000,
};
