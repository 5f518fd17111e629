import { afterAll, beforeAll, expect, test } from "vitest";
import { suites } from "../../../conformance/registry.js";
import { runSuite } from "../../../conformance/runner/run-suite.js";
import { failedIds, notRun } from "../../support/conformance.js";
import { startVariantServer, VARIANT_EVENTS, VARIANT_USER } from "./variant-server.js";

let server: Awaited<ReturnType<typeof startVariantServer>>;
beforeAll(async () => {
  server = await startVariantServer();
});
afterAll(() => server.close());

const runAgainst = async (url: string, checks: string[] = []) => {
  const result = await runSuite(suites.neoruntime, {
    api: "neoruntime",
    target: url,
    credentials: VARIANT_USER,
    fixtures: { events: VARIANT_EVENTS },
    seed: 1,
    runs: 10,
    timeoutMs: 1_000,
    silenceMs: 200,
    deadlineMs: 15_000,
    checks,
    expectations: { expectedFailures: {} },
    sioVersion: "auto",
    strict: false,
  });
  if (!result.ok) throw new Error(result.message);
  return result.value;
};

test("a socket.io 2 server that chooses differently where the document is silent passes every must check", async () => {
  const report = await runAgainst(server.url);
  expect(report.sioVersion).toBe(2);
  expect(notRun(report)).toEqual({});
  // Its departures are all `should`: Delete of a missing script, or of a non-string, "succeeds"; output lines are
  // bare strings (DECISIONS.md D14).
  expect(failedIds(report)).toEqual([
    "neoruntime.scripts.delete-missing-fails",
    "neoruntime.events.payloads",
    "neoruntime.bad-input.delete",
  ]);
  expect(report.exitCode).toBe(0);
}, 60_000);

test("names the pre-document fn(true, value) ack when a server answers status and lists that way", async () => {
  const old = await startVariantServer({ preDocumentAcks: true });
  try {
    const report = await runAgainst(old.url, ["neoruntime.status.shape", "neoruntime.scripts.list-shape"]);
    expect(report.results.map((r) => [r.status, r.failure?.title])).toEqual([
      ["fail", expect.stringContaining("as the pre-document fn(true, value) did")],
      ["fail", expect.stringContaining("as the pre-document fn(true, value) did")],
    ]);
  } finally {
    await old.close();
  }
}, 30_000);
