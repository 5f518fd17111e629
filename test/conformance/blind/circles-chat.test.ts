import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notPassed, runIndependent } from "../independent/run-independent.js";
import { type Departure, startBlindCirclesChat } from "./circles-chat-server.js";

describe("the blind circles-chat server, written from the document alone (issue 12)", () => {
  let server: Awaited<ReturnType<typeof startBlindCirclesChat>>;
  beforeAll(async () => {
    server = await startBlindCirclesChat();
  });
  afterAll(() => server.close());

  it("passes every must check, the REST-caused events through its admin API", { timeout: 120_000 }, async () => {
    const report = await runIndependent("circles-chat", server.url, server.fixtures);
    expect(notPassed(report, "must")).toEqual({});
    // Each should failure is a choice the document leaves open, made here unlike the real server (REAL-SERVERS.md).
    expect(Object.keys(notPassed(report, "should")).sort()).toEqual([
      // a second authenticate re-authenticates instead of answering "Already authenticated"
      "circles-chat.auth.already-authenticated",
      // refusals are {code, message, channel} with this server's own text, not "Invalid token"
      "circles-chat.auth.invalid-token-text",
      // the receipt is {channel, message_id, conversation_id}, not {received: true, message_id}
      "circles-chat.messages.receipt",
    ]);
  });
});

/** Each planted departure and the must check that should catch it. */
const CAUGHT_BY: Record<Departure, string> = {
  "expired-token-accepted": "auth.expired-token-refused",
  "leave-ignored": "rooms.left-conversation-gets-nothing",
  "done-without-time": "messages.done-payload",
  "media-missing": "media.media-to-sender",
  "writing-without-device": "writing.others-receive",
  "stun-without-port": "webrtc.stun-info",
  "forward-on-webrtc-forward": "webrtc.forward-on-webrtc-config",
  "forward-to-everyone": "webrtc.forward-only-destination",
  "conversation-event-without-id": "conversation-events.update",
};

describe("the blind circles-chat server with one departure planted", () => {
  for (const [departure, check] of Object.entries(CAUGHT_BY) as [Departure, string][]) {
    it(`fails ${check} when it plants ${departure}`, { timeout: 60_000 }, async () => {
      const server = await startBlindCirclesChat(departure);
      try {
        const report = await runIndependent(
          "circles-chat",
          server.url,
          server.fixtures,
          {},
          {
            checks: [`circles-chat.${check}`],
          },
        );
        expect(report.results.map((r) => [r.id, r.level, r.status])).toEqual([
          [`circles-chat.${check}`, "must", "fail"],
        ]);
      } finally {
        await server.close();
      }
    });
  }
});
