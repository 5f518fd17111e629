import { afterAll, beforeAll, expect, test } from "vitest";
import { notPassed, runIndependent } from "../independent/run-independent.js";
import { type BlindAntimonyServer, type Defect, startAntimonyServer } from "./antimony-server.js";

let server: BlindAntimonyServer;
beforeAll(async () => {
  server = await startAntimonyServer();
});
afterAll(() => server.close());

/**
 * The should checks this server fails on purpose: each rests on a real server's fact (REAL-SERVERS.md) where the
 * document is silent, and the blind server chose otherwise.
 */
const ALLOWED_SHOULD_FAILURES = [
  // It refuses with its own connect_error message, not the real server's "Unauthorized" / "Invalid Token".
  "antimony.auth.refusal-messages",
  // It takes lab commands only as the document's object; a JSON string is an invalid request (5422).
  "antimony.lab-commands.json-string-form",
  "antimony.model.isolation",
  // It answers an unknown command id, and a missing node, with 5422 (invalid request), not 5000 / 5006.
  "antimony.lab-commands.unknown-command-5000",
  "antimony.lab-commands.missing-node-codes",
];

test("an Antimony server written from the document alone, choosing differently where it is silent, passes every must check", async () => {
  const report = await runIndependent("antimony", server.url, server.fixtures, { token: server.tokens.alice });
  expect(notPassed(report, "must")).toEqual({});
  expect(Object.keys(notPassed(report, "should")).sort()).toEqual([...ALLOWED_SHOULD_FAILURES].sort());
}, 60_000);

/** Each planted departure and the must check that owns the behaviour it breaks. */
const CAUGHT_BY: Record<Defect, string> = {
  "status-without-logContent": "antimony.status-messages.on-deploy",
  "status-timestamp-epoch": "antimony.status-messages.on-deploy",
  "lab-update-unwrapped": "antimony.lab-updates.on-deploy",
  "lab-log-no-backlog": "antimony.logs.lab-backlog-on-subscribe",
  "lab-log-backlog-empty": "antimony.logs.lab-live-lines",
  "node-log-before-deploy": "antimony.logs.node-log-needs-deployed-lab",
  "node-log-wrapped-lines": "antimony.logs.node-backlog-on-subscribe",
  "redeploy-refused": "antimony.lab-commands.deploy-ack",
  "destroy-does-nothing": "antimony.lab-commands.destroyed-refused",
  "stop-does-nothing": "antimony.shells.stopped-node-refused",
  "close-shell-does-nothing": "antimony.shells.open-list-close",
  "close-not-notified": "antimony.shell-commands.close-notifies-owner",
  "foreign-lab-allowed": "antimony.access.foreign-lab-5403",
  "error-without-message": "antimony.lab-commands.unknown-lab-5005",
  "shell-backlog-empty": "antimony.shells.backlog-and-io",
};

test.each(Object.entries(CAUGHT_BY))(
  "the planted departure %s fails %s",
  async (defect, id) => {
    const faulty = await startAntimonyServer(defect as Defect);
    try {
      const report = await runIndependent(
        "antimony",
        faulty.url,
        faulty.fixtures,
        { token: faulty.tokens.alice },
        {
          checks: [id],
        },
      );
      expect(report.results.map((r) => [r.id, r.status])).toEqual([[id, "fail"]]);
    } finally {
      await faulty.close();
    }
  },
  20_000,
);

test("a deploy that outlasts the reply timeout is waited out, not reported as a lab that never runs", async () => {
  // Four steps of 400 ms: the lab runs 1.6 s after the ack, past runIndependent's 1 s reply timeout.
  const slow = await startAntimonyServer(undefined, 400);
  try {
    const checks = ["antimony.lab-commands.deploy-ack", "antimony.lab-commands.node-commands-ack"];
    const report = await runIndependent("antimony", slow.url, slow.fixtures, { token: slow.tokens.alice }, { checks });
    expect(report.results.map((r) => [r.id, r.status])).toEqual(checks.map((id) => [id, "pass"]));
  } finally {
    await slow.close();
  }
}, 30_000);
