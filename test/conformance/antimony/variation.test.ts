import { afterEach, describe, expect, it } from "vitest";
import { antimonySuite } from "../../../conformance/antimony/index.js";
import type { Report } from "../../../conformance/runner/result.js";
import { notPassed, runIndependent } from "../independent/run-independent.js";
import {
  type AntimonyDefect,
  startAntimonyVariationServer,
  VARIATION_LABS,
  VARIATION_SHELL_LIMIT,
  VARIATION_TOKENS,
} from "./variation-server.js";

/**
 * The `should` checks the variation server may fail, each because it made the other choice at the DECISIONS item or
 * REAL-SERVERS fact the check rests on (its `doc.decision`). Anything else that does not pass is a check that needs
 * more than the document says.
 */
const ALLOWED_SHOULD_FAILURES: Readonly<Record<string, string>> = {
  "antimony.auth.refusal-messages": 'D2: its own refusal texts, not "Unauthorized" / "Invalid Token"',
  "antimony.lab-commands.json-string-form": "D4: takes no JSON-string requests (5422)",
  "antimony.lab-commands.unknown-command-5000": "D5: an unknown command id is an invalid request (5422)",
  "antimony.lab-commands.missing-node-codes": "D5: a missing node is 5422 for 2/3/4 and 5006 for 6",
  "antimony.lab-commands.destroyed-5003": "D7: a destroyed lab's nodes are gone (5006)",
  "antimony.shell-commands.bare-payload": "D3: /shell-commands wrapped as {payload}, as the real server does",
  "antimony.model.isolation": "D4: the robust run also sends JSON-string requests, which it refuses",
};

const fixtures = {
  lab: VARIATION_LABS.lab,
  otherToken: VARIATION_TOKENS.other,
  failingLab: { id: VARIATION_LABS.failing.id },
  undeployedLab: { id: VARIATION_LABS.fresh.id, node: VARIATION_LABS.fresh.nodes[0] },
  shellLimit: VARIATION_SHELL_LIMIT,
};

let server: Awaited<ReturnType<typeof startAntimonyVariationServer>> | undefined;
afterEach(() => server?.close());

/** The whole suite against the variation server with `defects`, as a stranger's server is run. */
async function runAgainst(defects: readonly AntimonyDefect[]): Promise<Report> {
  server = await startAntimonyVariationServer(defects);
  return runIndependent("antimony", server.url, fixtures, { token: VARIATION_TOKENS.owner });
}

describe("the antimony suite against a server that chooses otherwise wherever the document is silent", () => {
  it("passes every must check, and fails only the shoulds whose decision it did not take", async () => {
    const report = await runAgainst([]);
    expect(report.sioVersion).toBe(4);
    expect(report.results).toHaveLength(antimonySuite.checks.length);
    expect(notPassed(report, "must")).toEqual({});
    expect(Object.keys(notPassed(report, "should")).sort()).toEqual(Object.keys(ALLOWED_SHOULD_FAILURES).sort());
  }, 120_000);

  it.each([
    ["close-keeps-shell", "antimony.shells.open-list-close"],
    ["unknown-lab-5006", "antimony.lab-commands.unknown-lab-5005"],
  ] as const)(
    "with the defect %s fails the must check %s",
    async (defect, check) => {
      const report = await runAgainst([defect]);
      expect(Object.keys(notPassed(report, "must"))).toContain(check);
      expect(report.results.find((r) => r.id === check)?.status).toBe("fail");
    },
    60_000,
  );

  it("fails only the node-log check when /logs/<labId>/<node> opens before a deploy: set-up never relies on it", async () => {
    const report = await runAgainst(["node-logs-early"]);
    const musts = notPassed(report, "must");
    expect(musts["antimony.logs.node-log-needs-deployed-lab"]).toMatch(/^fail: a node log is available/);
    // The model may meet the same departure (a node log after destroy); nothing else fails or is blocked.
    delete musts["antimony.logs.node-log-needs-deployed-lab"];
    delete musts["antimony.model.lab-session"];
    expect(musts).toEqual({});
    expect(report.results.filter((r) => r.status === "blocked")).toEqual([]);
  }, 120_000);

  it("fails deploy-ack once when the lab cannot be deployed, and reports the checks that need it blocked by that step", async () => {
    const report = await runAgainst(["deploy-refused"]);
    const failed = report.results.filter((r) => r.status === "fail" && r.level === "must").map((r) => r.id);
    expect(failed).toEqual(["antimony.lab-commands.deploy-ack"]);
    const blocked = report.results.filter((r) => r.status === "blocked");
    expect(new Set(blocked.map((r) => r.step))).toEqual(new Set([`deploy lab ${VARIATION_LABS.lab.id}`]));
    expect(blocked.length).toBeGreaterThan(20);
    expect(blocked[0]?.reason).toMatch(/5001/);
  }, 120_000);

  it("fails token-accepted once when one namespace refuses a valid token, and reports the checks that use it blocked", async () => {
    const report = await runAgainst(["shell-commands-refused"]);
    const failed = report.results.filter((r) => r.status === "fail" && r.level === "must").map((r) => r.id);
    expect(failed).toEqual(["antimony.auth.token-accepted"]);
    const blocked = report.results.filter((r) => r.status === "blocked");
    expect(new Set(blocked.map((r) => r.step))).toEqual(new Set(["connect with a valid token"]));
  }, 120_000);
});
