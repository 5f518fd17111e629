import { antimonyFaults } from "../../../reference-server/antimony/faults.js";
import { failedIds, runReferenceConformance } from "../../support/conformance.js";
import { referenceRun } from "./reference.js";

/** Every check a server that never acks an error must fail: each one waits for an error ack. */
export const ERROR_ACK_CHECKS = [
  "antimony.lab-commands.unknown-lab-5005",
  "antimony.lab-commands.json-string-form",
  "antimony.lab-commands.unknown-command-refused",
  "antimony.lab-commands.unknown-command-5000",
  "antimony.lab-commands.unknown-node-5006",
  "antimony.lab-commands.missing-node-refused",
  "antimony.lab-commands.missing-node-codes",
  "antimony.lab-commands.not-deployed-5003",
  "antimony.lab-commands.destroyed-refused",
  "antimony.lab-commands.destroyed-5003",
  "antimony.lab-commands.deploying-5002-5004",
  "antimony.lab-commands.containerlab-5001",
  "antimony.lab-commands.shell-limit-5008",
  "antimony.lab-commands.unknown-shell-5007",
  "antimony.lab-commands.missing-shell-id-refused",
  "antimony.shells.stopped-node-refused",
  "antimony.access.foreign-lab-5403",
  "antimony.access.foreign-lab-node-and-shell-commands",
  "antimony.model.lab-session",
  "antimony.model.isolation",
  // Hostile input runs last (Check.hostile).
  "antimony.lab-commands.invalid-request-5422",
  "antimony.lab-commands.odd-input-answered",
];

/** The exact failures each fault must cause, in suite order: no more (no collateral), no fewer. */
export const EXPECTED: Record<string, readonly string[]> = {
  [antimonyFaults.missingBacklog.name]: [
    "antimony.logs.lab-backlog-on-subscribe",
    "antimony.logs.lab-live-lines",
    "antimony.logs.node-backlog-on-subscribe",
    "antimony.model.lab-session",
    "antimony.model.isolation",
  ],
  [antimonyFaults.wrongErrorCode.name]: [
    "antimony.lab-commands.unknown-lab-5005",
    "antimony.lab-commands.json-string-form",
    "antimony.model.lab-session",
    "antimony.model.isolation",
  ],
  [antimonyFaults.shellCommandsLeak.name]: ["antimony.access.no-foreign-shell-commands", "antimony.model.isolation"],
  [antimonyFaults.foreignShellAccess.name]: ["antimony.access.foreign-shell-refused", "antimony.model.isolation"],
  [antimonyFaults.silentErrors.name]: ERROR_ACK_CHECKS,
};

/** Runs the whole suite against the reference server with one fault; the ids of the checks that failed. */
export async function failuresUnder(fault: string): Promise<{ failed: string[]; errors: string[] }> {
  // Short reply timeouts (but room for connections): under silent-errors every error check waits them out.
  const report = await runReferenceConformance("antimony", { ...referenceRun, fault, timeoutMs: 500 });
  return { failed: failedIds(report), errors: report.results.filter((r) => r.status === "error").map((r) => r.id) };
}
