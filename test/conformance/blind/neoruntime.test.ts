import { afterAll, beforeAll, expect, test } from "vitest";
import { notPassed, runIndependent } from "../independent/run-independent.js";
import { BLIND_NEORUNTIME_CREDENTIALS, startNeoRuntimeServer } from "./neoruntime-server.js";

let server: Awaited<ReturnType<typeof startNeoRuntimeServer>>;
beforeAll(async () => {
  server = await startNeoRuntimeServer();
});
afterAll(() => server.close());

/** The document names no event; this server pushes only the status, on `NeoRuntime/status`, to those who joined it. */
const FIXTURES = { events: { status: "NeoRuntime/status" } };

test("a NeoRuntime server written from the document alone, choosing differently where it is silent, passes every must check", async () => {
  const report = await runIndependent("neoruntime", server.url, FIXTURES, BLIND_NEORUNTIME_CREDENTIALS);
  expect(report.sioVersion).toBe(2);
  expect(notPassed(report, "must")).toEqual({});
  // The one should it fails on purpose: it answers unauthenticated actions with a refusal, where the real server
  // (REAL-SERVERS.md, DECISIONS D5) never answers them.
  expect(Object.keys(notPassed(report, "should"))).toEqual(["neoruntime.unauthenticated.never-answered"]);
}, 90_000);
