import { afterAll, beforeAll, expect, test } from "vitest";
import { notPassed, runIndependent } from "../independent/run-independent.js";
import { type BlindAntimonyServer, startAntimonyServer } from "./antimony-server.js";

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
