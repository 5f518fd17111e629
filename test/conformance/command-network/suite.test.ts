import { describe, expect, it } from "vitest";
import { commandNetworkSuite } from "../../../conformance/command-network/index.js";
import { failedIds, notRun, runReferenceConformance } from "../../support/conformance.js";

describe("the command-network suite against the unfaulted reference server", () => {
  it("passes every check over Socket.IO 2, none skipped", async () => {
    // The server's demo fixtures name a known, disconnected client; the suite reads the same key.
    const report = await runReferenceConformance("command-network", { sioVersion: 2 });
    expect(report.sioVersion).toBe(2);
    expect(failedIds(report)).toEqual([]);
    expect(notRun(report)).toEqual({});
    expect(report.results).toHaveLength(commandNetworkSuite.checks.length);
  });

  it("passes every check over Socket.IO 4 beside a beacon broadcasting to every registered client", async () => {
    // The suite tells its own commands from other traffic, as it must on a shared server.
    const report = await runReferenceConformance("command-network", {
      sioVersion: 4,
      serverFixtures: { beacon: { perSecond: 100 } },
    });
    expect(report.sioVersion).toBe(4);
    expect(failedIds(report)).toEqual([]);
    expect(notRun(report)).toEqual({});
    expect(report.results).toHaveLength(commandNetworkSuite.checks.length);
  });

  it("skips the known-client check, saying why, when the fixtures name no known client", async () => {
    const report = await runReferenceConformance("command-network", {
      fixtures: {},
      checks: ["command-network.command.known-client-441"],
    });
    expect(notRun(report)).toEqual({
      "command-network.command.known-client-441": expect.stringContaining("no knownClients in the fixtures"),
    });
  });

  it("does not count ±Infinity as a bad target: it arrives as null, a broadcast the server rightly serves", async () => {
    // Seed 1219997394 drew Number.NEGATIVE_INFINITY (an `npm start` run failed on it); 500 more runs look wider.
    for (const [seed, runs] of [
      [1219997394, 10],
      [1, 500],
    ] as const) {
      const report = await runReferenceConformance("command-network", {
        checks: ["command-network.command.bad-target"],
        seed,
        runs,
      });
      expect(failedIds(report)).toEqual([]);
    }
  });
});
