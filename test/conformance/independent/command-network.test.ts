import { afterAll, beforeAll, expect, test } from "vitest";
import { KNOWN_CLIENT, startCommandNetworkServer } from "./command-network-server.js";
import { notPassed, runIndependent } from "./run-independent.js";

let server: Awaited<ReturnType<typeof startCommandNetworkServer>>;
beforeAll(async () => {
  server = await startCommandNetworkServer();
});
afterAll(() => server.close());

/**
 * `must` checks that fail on this server because the suite relies on a choice the document did not make (the
 * suite's author is at work on it: reported, not fixed here). Delete an entry once the suite is fixed.
 */
const SUITE_BUGS = {};

test("a command network written from the document alone, choosing differently where it is silent, fails no must check but those of the reported suite bugs", async () => {
  const report = await runIndependent("command-network", server.url, {
    namePrefix: "indie",
    knownClients: [KNOWN_CLIENT],
  });
  console.log("command-network should checks not passed:", notPassed(report, "should"));
  expect(notPassed(report, "must")).toEqual(SUITE_BUGS);
}, 30_000);
