import { afterEach, describe, expect, it } from "vitest";
import { circlesChatSuite } from "../../../conformance/circles-chat/index.js";
import { STEPS } from "../../../conformance/circles-chat/session.js";
import type { Report } from "../../../conformance/runner/result.js";
import { notPassed, runIndependent } from "../independent/run-independent.js";
import { startVariationServer, VARIATION_DEFECTS, type VariationDefect } from "./variation-server.js";
import { variationFixtures } from "./variation-world.js";

/**
 * The `should` checks the variation server may fail, each because it made the other choice at a DECISIONS item
 * the check rests on (its `doc.decision`). Anything else that does not pass is a check that needs more than the
 * document says.
 */
const ALLOWED_SHOULD_FAILURES: Readonly<Record<string, string>> = {
  "circles-chat.auth.invalid-token-text": 'D4: its own error texts, not "Invalid token"',
  "circles-chat.auth.already-authenticated": "D15: a second authenticate switches identity",
  "circles-chat.rooms.join-conversation-non-member": "D14: non-members may join",
  "circles-chat.rooms.join-circle-non-member": "D14: non-members may join",
  "circles-chat.messages.receipt": "D5: the receipt is {status, id}, not {received, message_id}",
  "circles-chat.messages.non-member-never-receives": "D14: a non-member that joins is in the room",
  "circles-chat.writing.non-member-never-receives": "D14: a non-member that joins is in the room",
};

let server: Awaited<ReturnType<typeof startVariationServer>> | undefined;
afterEach(() => server?.close());

async function runAgainst(
  defect: VariationDefect | undefined,
  checks: readonly string[] = [],
  fixtures: (url: string) => unknown = variationFixtures,
): Promise<Report> {
  server = await startVariationServer(defect);
  return runIndependent(
    "circles-chat",
    server.url,
    fixtures(server.url),
    {},
    {
      checks,
      seed: 3,
      runs: 8,
      deadlineMs: 20_000,
    },
  );
}

describe("the circles-chat suite against a server that chooses otherwise wherever the document is silent", () => {
  it("passes every must check over Socket.IO 2, and fails only the shoulds whose decision it did not take", async () => {
    const report = await runAgainst(undefined);
    expect(report.sioVersion).toBe(2);
    expect(report.results).toHaveLength(circlesChatSuite.checks.length);
    expect(notPassed(report, "must")).toEqual({});
    expect(Object.keys(notPassed(report, "should")).sort()).toEqual(Object.keys(ALLOWED_SHOULD_FAILURES).sort());
  }, 120_000);

  it.each([
    [VARIATION_DEFECTS.leaveKeepsRoom, "circles-chat.rooms.left-conversation-gets-nothing"],
    [VARIATION_DEFECTS.algNoneAccepted, "circles-chat.auth.alg-none-refused"],
    [VARIATION_DEFECTS.forwardToEveryone, "circles-chat.webrtc.forward-only-destination"],
    [VARIATION_DEFECTS.writingWithoutUser, "circles-chat.writing.others-receive"],
  ])(
    "with the defect %s fails the must check %s",
    async (defect, check) => {
      const report = await runAgainst(defect, [check]);
      expect(report.results.map((r) => [r.id, r.level, r.status])).toEqual([[check, "must", "fail"]]);
    },
    30_000,
  );

  it("reports a fixture token that does not sign in once, as the auth check's failure; the checks needing it are blocked", async () => {
    const expired = (url: string) => {
      const f = variationFixtures(url);
      return { ...f, users: { ...f.users, ada: { ...f.users.ada, token: f.expiredToken } } };
    };
    const checks = [
      "circles-chat.auth.user-token",
      "circles-chat.rooms.join-conversation",
      "circles-chat.model.fan-out",
    ];
    const report = await runAgainst(undefined, checks, expired);
    const [auth, ...rest] = report.results;
    expect(auth?.status).toBe("fail");
    expect(rest).toHaveLength(2);
    expect(rest.map((r) => [r.status, r.step])).toEqual([
      ["blocked", STEPS.signIn],
      ["blocked", STEPS.signIn],
    ]);
  }, 30_000);
});
