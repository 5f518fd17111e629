import { afterAll, beforeAll, expect, test } from "vitest";
import { KNOWN_CLIENT, startCommandNetworkServer } from "./command-network-server.js";
import { notPassed, runIndependent } from "./run-independent.js";

let server: Awaited<ReturnType<typeof startCommandNetworkServer>>;
beforeAll(async () => {
  server = await startCommandNetworkServer();
});
afterAll(() => server.close());

test("a command network written from the document alone, choosing differently where it is silent, passes every must check", async () => {
  const report = await runIndependent("command-network", server.url, {
    namePrefix: "indie",
    knownClients: [KNOWN_CLIENT],
  });
  console.log("command-network should checks not passed:", notPassed(report, "should"));
  expect(notPassed(report, "must")).toEqual({});
}, 30_000);
