import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { next, silence } from "../../support/client.js";
import { demo, reply, startChat } from "./chat-client.js";

describe("circles-chat WebRTC (circles-chat.md § Events Webrtc)", () => {
  it("answers webrtc_credentials on webrtc_config with a TURN REST username and password", async () => {
    const chat = await startChat();
    const alice = await chat.user(1);
    const config = next(alice, "webrtc_config");
    alice.emit("webrtc_credentials");
    const [{ username, password }] = (await config) as [{ username: string; password: string }];
    expect(username).toMatch(/^\d+:user-1$/);
    expect(password).toBe(createHmac("sha1", demo.turnSecret).update(username).digest("base64"));
  });

  it("answers webrtc_stun_info and webrtc_turn_info with the server lists", async () => {
    const chat = await startChat({ fixtures: { turn: [{ domain: "turn.test", ip: "10.0.0.1", port: 5349 }] } });
    const alice = await chat.user(1);
    const stun = next(alice, "webrtc_config");
    alice.emit("webrtc_stun_info");
    expect((await stun)[0]).toEqual([{ domain: "webrtc.neo.ovh", ip: "", port: 3478 }]);
    const turn = next(alice, "webrtc_config");
    alice.emit("webrtc_turn_info");
    expect((await turn)[0]).toEqual([{ domain: "turn.test", ip: "10.0.0.1", port: 5349 }]);
  });

  it("forwards to the destination named by email, user_id or device_id, and to no one else", async () => {
    const chat = await startChat();
    const [alice, bob, carol, device] = [
      await chat.user(1),
      await chat.user(2),
      await chat.user(3),
      await chat.device(1),
    ];
    const forwards = [
      [{ email: "bob@example.com", sdp: "offer-1" }, bob],
      [{ user_id: 2, sdp: "offer-2" }, bob],
      [{ device_id: 1, candidate: { port: 9 } }, device],
    ] as const;
    for (const [request, destination] of forwards) {
      const arrives = next(destination, "webrtc_forward");
      const alsoOnConfig = next(destination, "webrtc_config");
      const quiet = silence(carol, "webrtc_forward", 100);
      expect(await reply(alice, "webrtc_forward", request)).toEqual(["success", "Message forwarded"]);
      const expected = { sender_id: 1, is_device: false, content: request };
      expect((await arrives)[0]).toEqual(expected);
      expect((await alsoOnConfig)[0]).toEqual(expected);
      await quiet;
    }
  });

  it("marks a device's forward is_device", async () => {
    const chat = await startChat();
    const [device, alice] = [await chat.device(1), await chat.user(1)];
    const arrives = next(alice, "webrtc_forward");
    await reply(device, "webrtc_forward", { user_id: 1, hello: true });
    expect((await arrives)[0]).toEqual({ sender_id: 1, is_device: true, content: { user_id: 1, hello: true } });
  });

  it("answers an error for an unknown or a disconnected destination", async () => {
    const chat = await startChat();
    const alice = await chat.user(1);
    expect(await reply(alice, "webrtc_forward", { email: "nobody@example.com" })).toEqual([
      "error",
      "Destination not found",
    ]);
    expect(await reply(alice, "webrtc_forward", { device_id: 42 })).toEqual(["error", "Destination not found"]);
    expect(await reply(alice, "webrtc_forward", { user_id: 3 })).toEqual(["error", "Destination not connected"]);
    expect(await reply(alice, "webrtc_forward", { sdp: "nowhere" })).toEqual(["error", "Invalid parameters"]);
  });
});
