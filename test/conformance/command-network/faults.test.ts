import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { replay } from "../../../conformance/runner/replay.js";
import { replayFileOf } from "../../../conformance/runner/replay-file.js";
import { faultNames } from "../../../reference-server/command-network/faults.js";
import { commandNetworkServer } from "../../../reference-server/command-network/index.js";
import { failedIds, notRun, runReferenceConformance } from "../../support/conformance.js";
import { startTestApi } from "../../support/server.js";

/** The checks each deliberate defect must fail, no more, no fewer (must and should alike: the helper is strict). */
const EXPECTED: Readonly<Record<string, readonly string[]>> = {
  // The fault answers get_id before register with a failure (the connection has no id), so only the 480 check of
  // get_id sees it; the other actions are done, which their `must` refusal checks catch.
  [faultNames.unregisteredAccess]: [
    "command-network.unregistered.get-clients-refused",
    "command-network.unregistered.get-past-commands-refused",
    "command-network.unregistered.command-refused",
    "command-network.unregistered.get-id-480",
    "command-network.unregistered.get-clients-480",
    "command-network.unregistered.get-past-commands-480",
    "command-network.unregistered.command-480",
    "command-network.unregistered.command-not-delivered",
    "command-network.model.sequences",
  ],
  // A `should` check only: the model leaves broadcasts to unregistered connections unchecked (DECISIONS.md D1).
  [faultNames.broadcastToUnregistered]: ["command-network.command.broadcast-skips-unregistered"],
  [faultNames.senderEcho]: ["command-network.command.broadcast-skips-sender", "command-network.model.sequences"],
  // The codes are REAL-SERVERS.md's, not the document's: only `should` checks ask them, the model does not.
  [faultNames.wrongNotConnectedCode]: [
    "command-network.command.target-disconnected-441",
    "command-network.command.known-client-441",
  ],
  // client_disconnect is REAL-SERVERS.md's: the model waits for a close in get_clients instead.
  [faultNames.noDisconnectNotice]: ["command-network.disconnect.notice"],
};

describe("the command-network suite against each fault of the reference server", () => {
  it("has an expectation for every fault the server offers", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(commandNetworkServer.faults.map((f) => f.name).sort());
  });

  // 20 runs, the CLI default.
  it.each(Object.entries(EXPECTED))("%s fails exactly its checks", async (fault, ids) => {
    const report = await runReferenceConformance("command-network", { fault, runs: 20, timeoutMs: 500 });
    expect(failedIds(report)).toEqual(ids);
    expect(notRun(report)).toEqual({});
    expect(report.exitCode).toBe(1);
  });
});

describe("a shrunk counterexample", () => {
  it("replays with volley replay: the echo again on a fresh faulted server, a departure at the echo on a faithful one", async () => {
    const fault = faultNames.senderEcho;
    const report = await runReferenceConformance("command-network", {
      fault,
      runs: 20,
      checks: ["command-network.model.sequences"],
    });
    const result = report.results[0];
    expect(result?.failure?.counterexample).toMatch(/^s[01]\.command\(all, [^)]*\)( \/\*.*\*\/)?$/);
    const file = result === undefined ? undefined : replayFileOf(report, result);
    if (file === undefined) throw new Error("the model-based check did not fail");
    const path = join(mkdtempSync(join(tmpdir(), "volley-cn-")), "model.replay.json");
    writeFileSync(path, JSON.stringify(file));

    // A fresh server: the recorded names are new there, as they were when recorded. A child process, so the
    // in-process server keeps answering while it replays.
    const faulted = await startTestApi("command-network", { options: { fault } });
    const same = await promisify(execFile)(
      process.execPath,
      ["bin/volley.js", "replay", path, "--target", faulted.url, "--sio-version", "4", "--timeout", "2000"],
      { encoding: "utf8", timeout: 20_000 },
    );
    expect(same.stderr).toContain("Reproduced");

    // Against a faithful server the same exchanges depart where the sender got its own broadcast back.
    const faithful = await startTestApi("command-network");
    const replayed = await replay(file, { target: faithful.url, sioVersion: 4, credentials: {}, timeoutMs: 300 });
    const sender = file.exchanges.find((e) => e.kind === "emit" && e.event === "command")?.client;
    expect(replayed.steps[replayed.firstDeparture ?? -1]?.recorded).toMatchObject({
      kind: "receive",
      event: "command",
      client: sender,
    });
  }, 60_000);
});
