import { describe, expect, it } from "vitest";
import { commandNetworkSuite } from "../../../conformance/command-network/index.js";
import { failedIds, notRun, runReferenceConformance } from "../../support/conformance.js";

describe("the command-network suite against the unfaulted reference server", () => {
  it.each([4, 2] as const)("passes every check over Socket.IO %i, none skipped", async (sioVersion) => {
    // The server's demo fixtures name a known, disconnected client; the suite reads the same key.
    const report = await runReferenceConformance("command-network", { sioVersion });
    expect(report.sioVersion).toBe(sioVersion);
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

  it("tells its own commands from other traffic: passes beside a beacon broadcasting to every registered client", async () => {
    const report = await runReferenceConformance("command-network", {
      serverFixtures: { beacon: { perSecond: 200 } },
      checks: ["command-network.command", "command-network.model"],
    });
    expect(failedIds(report)).toEqual([]);
    expect(notRun(report)).toEqual({});
  });
});
