import { describe, expect, it } from "vitest";
import { circlesChatSuite } from "../../../conformance/circles-chat/index.js";
import { NO_TRIGGER } from "../../../conformance/circles-chat/trigger.js";
import { runSuite } from "../../../conformance/index.js";
import { chatFixtures as referenceFixtures } from "../../../src/embedded/conformance-targets.js";
import { failedIds, notRun, runReferenceConformance } from "../../support/conformance.js";
import { NEO_TOKENS, startNeoLikeServer } from "./neo-like-server.js";

const withTrigger = { fixtures: (ref: { url: string }) => referenceFixtures(ref.url) };

describe("the circles-chat suite against the unfaulted reference server", () => {
  it.each([4, 2] as const)(
    "passes every check over Socket.IO %i, none skipped",
    async (sioVersion) => {
      const report = await runReferenceConformance("circles-chat", { ...withTrigger, sioVersion });
      expect(report.sioVersion).toBe(sioVersion);
      expect(failedIds(report)).toEqual([]);
      expect(notRun(report)).toEqual({});
      expect(report.results).toHaveLength(circlesChatSuite.checks.length);
    },
    60_000,
  );

  it("skips the server-event checks, naming the missing trigger, when no adminUrl is given", async () => {
    const report = await runReferenceConformance("circles-chat", {
      fixtures: referenceFixtures(),
      checks: [
        "circles-chat.circle-events.update",
        "circles-chat.media.upload-completes",
        "circles-chat.auth.user-token",
      ],
    });
    expect(notRun(report)).toEqual({
      "circles-chat.circle-events.update": NO_TRIGGER,
      "circles-chat.media.upload-completes": NO_TRIGGER,
    });
    expect(failedIds(report)).toEqual([]);
  });

  it("skips what needs fixtures it was not given, with the reason, and fails nothing", async () => {
    const report = await runReferenceConformance("circles-chat", { fixtures: {} });
    expect(failedIds(report)).toEqual([]);
    // auth.bad-payload sends hostile input, so it runs last.
    expect(report.results.filter((r) => r.status === "pass").map((r) => r.id)).toEqual([
      "circles-chat.basics.connect",
      "circles-chat.auth.unauthenticated-gets-no-data",
      "circles-chat.auth.unauthenticated-answered-error",
      "circles-chat.auth.bad-payload",
    ]);
    expect(notRun(report)["circles-chat.model.fan-out"]).toMatch(/needs two named users/);
  });
});

describe("the circles-chat suite against a Socket.IO 2 server that forwards like the real Neo server", () => {
  it("fails the webrtc_config check naming the real server's departure, and passes the delivery check", async () => {
    const server = await startNeoLikeServer();
    try {
      const run = await runSuite(circlesChatSuite, {
        api: "circles-chat",
        target: server.url,
        credentials: {},
        fixtures: {
          users: { alice: { token: NEO_TOKENS.alice, id: 1 }, bob: { token: NEO_TOKENS.bob, id: 2 } },
        },
        seed: 1,
        runs: 5,
        timeoutMs: 500,
        silenceMs: 100,
        deadlineMs: 10_000,
        checks: ["circles-chat.webrtc.forward-by-user-id", "circles-chat.webrtc.forward-on-webrtc-config"],
        expectations: { expectedFailures: {} },
        sioVersion: "auto",
        strict: false,
      });
      if (!run.ok) throw new Error(run.message);
      expect(run.value.sioVersion).toBe(2);
      expect(run.value.results.map((r) => [r.id, r.status])).toEqual([
        ["circles-chat.webrtc.forward-by-user-id", "pass"],
        ["circles-chat.webrtc.forward-on-webrtc-config", "fail"],
      ]);
      expect(run.value.results[1]?.failure?.title).toContain(
        "on webrtc_forward only (as the real Neo server sends it)",
      );
    } finally {
      await server.close();
    }
  });
});
