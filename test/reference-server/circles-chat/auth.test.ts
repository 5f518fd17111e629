import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { CLIENT_EVENTS } from "../../../protocols/circles-chat/index.js";
import { connect, connectV2, next, silence } from "../../support/client.js";
import { startTestApi } from "../../support/server.js";
import { demo, reply, startChat, tokenFor } from "./chat-client.js";

const base64url = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");

describe("circles-chat authentication (circles-chat.md § Basics)", () => {
  it("answers success to a user's token and to a device's token", async () => {
    const chat = await startChat();
    expect(await reply(await connect(chat.url), "authenticate", { token: tokenFor({ user_id: 1 }) })).toEqual([
      "success",
      "Authenticated",
    ]);
    expect(await reply(await connect(chat.url), "authenticate", { token: tokenFor({ device_id: 1 }) })).toEqual([
      "success",
      "Authenticated",
    ]);
  });

  it("answers 'Already authenticated' to a second authenticate", async () => {
    const chat = await startChat();
    const alice = await chat.user(1);
    expect(await reply(alice, "authenticate", { token: tokenFor({ user_id: 2 }) })).toEqual([
      "error",
      "Already authenticated",
    ]);
  });

  it("refuses forged, expired, alg-none, unknown-user and malformed tokens with 'Invalid token'", async () => {
    const chat = await startChat();
    const forged = await new SignJWT({ user_id: 1 })
      .setProtectedHeader({ alg: "HS256" })
      .sign(new TextEncoder().encode("not-the-server-secret-at-all"));
    const expired = await new SignJWT({ user_id: 1 })
      .setProtectedHeader({ alg: "HS256" })
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(demo.secret));
    const none = `${base64url({ alg: "none", typ: "JWT" })}.${base64url({ user_id: 1 })}.`;
    const tokens = [forged, expired, none, tokenFor({ user_id: 999 }), "not-a-jwt", ""];
    for (const token of tokens) {
      const socket = await connect(chat.url);
      expect(await reply(socket, "authenticate", { token })).toEqual(["error", "Invalid token"]);
    }
    for (const payload of [undefined, null, 42, "token", { token: 5 }, {}]) {
      const socket = await connect(chat.url);
      expect(await reply(socket, "authenticate", payload)).toEqual(["error", "Invalid token"]);
    }
  });

  it("answers 'Not authenticated' to every other event before authenticate, and pushes nothing", async () => {
    const chat = await startChat();
    const stranger = await connect(chat.url);
    // Every client event of the protocol but authenticate, with valid-looking input.
    const input: Record<string, unknown> = {
      conversation_id: 1,
      circle_id: 1,
      is_writing: true,
      user_id: 1,
      text_message: "hi",
    };
    const events = CLIENT_EVENTS.filter((e) => e !== "authenticate").map((e) => [e, input] as const);
    expect(events).toHaveLength(10);
    for (const [event, data] of events) {
      expect(await reply(stranger, event, data)).toEqual(["error", "Not authenticated"]);
    }
    const alice = await chat.user(1);
    await reply(alice, "join_conversation", { conversation_id: 1 });
    const quiet = silence(stranger, "message");
    await reply(alice, "message", { conversation_id: 1, text_message: "private" });
    await quiet;
  });

  it("counts every error answered in /metrics by its code", async () => {
    const chat = await startChat();
    const carol = await chat.user(3);
    await reply(carol, "join_conversation", { conversation_id: 1 });
    const metrics = await (await fetch(`${chat.url}/metrics`)).text();
    expect(metrics).toMatch(/volley_server_errors_total\{[^}]*code="not_a_member"[^}]*\} 1/);
  });

  it("tells the client's circles when it connects and disconnects (§ Circle Events)", async () => {
    const chat = await startChat();
    const alice = await chat.user(1);
    await reply(alice, "join_circle", { circle_id: 1 });
    const bobArrives = next(alice, "circle");
    const bob = await chat.user(2);
    expect((await bobArrives)[0]).toEqual({ event: "connect", user: "bob@example.com", circle_id: 1 });
    const bobLeaves = next(alice, "circle");
    bob.close();
    expect((await bobLeaves)[0]).toEqual({ event: "disconnect", user: "bob@example.com", circle_id: 1 });
    const deviceArrives = next(alice, "circle");
    const device = await chat.device(1);
    expect((await deviceArrives)[0]).toEqual({ event: "device", type: "connect", device_id: 1, circle_id: 1 });
    const deviceLeaves = next(alice, "circle");
    device.close();
    expect((await deviceLeaves)[0]).toEqual({ event: "device", type: "disconnect", device_id: 1, circle_id: 1 });
  });

  it("authenticates a Socket.IO 2.x client like the real server's", async () => {
    const chat = await startChat();
    const old = await connectV2(chat.url);
    expect(await reply(old, "authenticate", { token: tokenFor({ user_id: 2 }) })).toEqual(["success", "Authenticated"]);
    expect(await reply(old, "join_conversation", { conversation_id: 1 })).toEqual(["success", "Conversation joined"]);
    expect(await reply(old, "join_conversation", { conversation_id: 2 })).toEqual(["error", "Not a member"]);
  });

  it("prints a working token per user and device in describe()", async () => {
    const { url, server } = await startTestApi("circles-chat");
    const lines = server.apis[0]?.instance.describe() ?? [];
    const tokens = lines.filter((l) => /^(user|device) \d+ /.test(l)).map((l) => l.split(" ").at(-1));
    expect(tokens).toHaveLength(4);
    for (const token of tokens) {
      expect(await reply(await connect(url), "authenticate", { token })).toEqual(["success", "Authenticated"]);
    }
  });
});
