import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { replay } from "../../../conformance/runner/replay.js";
import { type ReplayFile, replayFileOf } from "../../../conformance/runner/replay-file.js";
import { CIRCLES_CHAT_FAULTS } from "../../../reference-server/circles-chat/faults.js";
import { circlesChatServer } from "../../../reference-server/circles-chat/index.js";
import { chatFixtures as referenceFixtures } from "../../../src/embedded/conformance-targets.js";
import { failedIds, notRun, runReferenceConformance } from "../../support/conformance.js";
import { startTestApi } from "../../support/server.js";

const withTrigger = { fixtures: (ref: { url: string }) => referenceFixtures(ref.url) };

/** The checks each deliberate defect must fail, no more, no fewer (must and should alike: the helper is strict). */
const EXPECTED: Readonly<Record<string, readonly string[]>> = {
  // Who may join is not the document's (REAL-SERVERS.md): these are `should` checks, and the model, which follows
  // the server's answer to a join, sees a non-member let in as a member of the room, not as a leak.
  [CIRCLES_CHAT_FAULTS.leakToNonMember]: [
    "circles-chat.rooms.join-conversation-non-member",
    "circles-chat.messages.non-member-never-receives",
    "circles-chat.writing.non-member-never-receives",
  ],
  [CIRCLES_CHAT_FAULTS.expiredTokenAccepted]: ["circles-chat.auth.expired-token-refused"],
  [CIRCLES_CHAT_FAULTS.messageReceiptMissing]: [
    "circles-chat.messages.sender-success",
    "circles-chat.messages.receipt",
    "circles-chat.model.fan-out",
  ],
  [CIRCLES_CHAT_FAULTS.forwardToEveryone]: [
    "circles-chat.webrtc.forward-only-destination",
    "circles-chat.model.fan-out",
  ],
};

describe("the circles-chat suite against each fault of the reference server", () => {
  it("has an expectation for every fault the server offers", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(circlesChatServer.faults.map((f) => f.name).sort());
  });

  it.each(Object.entries(EXPECTED))(
    "%s fails exactly its checks",
    async (fault, ids) => {
      const report = await runReferenceConformance("circles-chat", { ...withTrigger, fault, runs: 5 });
      expect(failedIds(report)).toEqual(ids);
      expect(notRun(report)).toEqual({});
      expect(report.exitCode).toBe(1);
      // A missing answer costs a reply timeout per shrinking step: room for a loaded CI machine.
    },
    60_000,
  );
});

describe("a shrunk counterexample", () => {
  it("replays with volley replay: the same leak on the faulted server, a departure at the leak on a faithful one", async () => {
    // The tokens in the fixtures are masked in the replay file; `--fixtures` fills them back in.
    let given: unknown;
    const report = await runReferenceConformance("circles-chat", {
      fixtures: (ref: { url: string }) => {
        given = referenceFixtures(ref.url);
        return given;
      },
      fault: CIRCLES_CHAT_FAULTS.forwardToEveryone,
      checks: ["circles-chat.model.fan-out"],
    });
    const result = report.results[0];
    expect(result?.failure?.counterexample).toMatch(/^\w+\.webrtc_forward\([^)]*\)( \/\*.*\*\/)?$/);
    const file = result === undefined ? undefined : replayFileOf(report, result);
    const dir = mkdtempSync(join(tmpdir(), "volley-cc-"));
    const path = join(dir, "fan-out.replay.json");
    writeFileSync(path, JSON.stringify(file));
    const fixturesPath = join(dir, "fixtures.json");
    writeFileSync(fixturesPath, JSON.stringify(given));
    // A child process, so the in-process servers keep answering while it replays.
    const volleyReplay = (target: string) =>
      promisify(execFile)(
        process.execPath,
        [
          "bin/volley.js",
          "replay",
          path,
          "--target",
          target,
          "--fixtures",
          fixturesPath,
          "--sio-version",
          "4",
          "--timeout",
          "2000",
        ],
        {
          encoding: "utf8",
          timeout: 20_000,
        },
      ).then(
        ({ stderr }) => ({ status: 0, stderr }),
        (err: { code?: number; stderr?: string }) => ({ status: err.code, stderr: err.stderr ?? "" }),
      );

    const same = await volleyReplay(report.target);
    expect(same.stderr).toContain("Reproduced");
    expect(same.status).toBe(0);

    // Against a faithful server the same exchanges depart where the leak was: the bystander's forward is missing.
    const faithful = await startTestApi("circles-chat");
    const replayed = await replay(file as ReplayFile, {
      target: faithful.url,
      sioVersion: 4,
      credentials: {},
      fixtures: given,
      timeoutMs: 300,
    });
    const departure = replayed.steps[replayed.firstDeparture ?? -1]?.recorded;
    expect(departure).toMatchObject({ kind: "receive", event: expect.stringMatching(/^webrtc_(forward|config)$/) });
  }, 60_000);
});
