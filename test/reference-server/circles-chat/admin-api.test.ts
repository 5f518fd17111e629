import { describe, expect, it } from "vitest";
import { connect, next, silence } from "../../support/client.js";
import { reply, startChat } from "./chat-client.js";

describe("circles-chat admin API: the REST actions that push events (DECISIONS.md D19)", () => {
  it("creates a user, mints a token, and the user authenticates with it", async () => {
    const chat = await startChat();
    const created = await chat.admin("/admin/users", { email: "dave@example.com", first_name: "Dave" });
    expect(created).toMatchObject({ status: 201, body: { id: 4, email: "dave@example.com" } });
    const { body } = await chat.admin("/admin/tokens", { user_id: 4 });
    const dave = await connect(chat.url);
    expect(await reply(dave, "authenticate", body)).toEqual(["success", "Authenticated"]);
    expect((await chat.admin("/admin/users", { email: "dave@example.com" })).status).toBe(409);
    expect((await chat.admin("/admin/tokens", { user_id: 99 })).status).toBe(404);
    expect((await chat.admin("/admin/tokens", { user_id: "x" })).status).toBe(400);
  });

  it("sends circle_invite to the invited user only, and circle join/update/device events to the room", async () => {
    const chat = await startChat();
    const [alice, carol] = [await chat.user(1), await chat.user(3)];
    await reply(alice, "join_circle", { circle_id: 1 });
    const invite = next(carol, "circle_invite");
    const notAlice = silence(alice, "circle_invite", 100);
    await chat.admin("/admin/circles/1/invite", { user_id: 3 });
    expect((await invite)[0]).toEqual({ event: "invite", circle_id: 1 });
    await notAlice;
    const join = next(alice, "circle");
    await chat.admin("/admin/circles/1/join", { user_id: 3 });
    expect((await join)[0]).toEqual({ event: "join", user: "carol@example.com", circle_id: 1 });
    expect(await reply(carol, "join_circle", { circle_id: 1 })).toEqual(["success", "Circle joined"]);
    const update = next(alice, "circle");
    await chat.admin("/admin/circles/1/update", { name: "Famille" });
    expect((await update)[0]).toEqual({ event: "update", circle_id: 1 });
    const device = next(alice, "circle");
    await chat.admin("/admin/devices/1/update", { name: "hall-display" });
    expect((await device)[0]).toEqual({ event: "device", type: "update", device_id: 1, circle_id: 1 });
  });

  it("sends kick and quit to the circle and takes the user out of its room", async () => {
    const chat = await startChat();
    const [alice, bob] = [await chat.user(1), await chat.user(2)];
    await reply(alice, "join_circle", { circle_id: 1 });
    await reply(bob, "join_circle", { circle_id: 1 });
    const kick = next(alice, "circle");
    await chat.admin("/admin/circles/1/kick", { user_id: 2, by_user_id: 1 });
    expect((await kick)[0]).toEqual({
      event: "kick",
      user: "bob@example.com",
      from: "alice@example.com",
      circle_id: 1,
    });
    const bobHearsNothing = silence(bob, "circle");
    await chat.admin("/admin/circles/1/update", {});
    await bobHearsNothing;
    expect(await reply(bob, "join_circle", { circle_id: 1 })).toEqual(["error", "Not a member"]);
    const quit = next(alice, "circle");
    await chat.admin("/admin/circles/1/quit", { user_id: 1 });
    expect((await quit)[0]).toEqual({ event: "quit", user: "alice@example.com", circle_id: 1 });
  });

  it("sends conversation events to the room, and a kicked member stops receiving messages", async () => {
    const chat = await startChat();
    const [alice, bob, carol] = [await chat.user(1), await chat.user(2), await chat.user(3)];
    await reply(alice, "join_conversation", { conversation_id: 1 });
    await reply(bob, "join_conversation", { conversation_id: 1 });
    const events = [
      ["update", { name: "Renamed" }, { event: "update", conversation_id: 1 }],
      ["invite", { user_id: 3 }, { event: "invite", conversation_id: 1, user: "carol@example.com" }],
      ["promote", { user_id: 2 }, { event: "promote", conversation_id: 1, user: "bob@example.com" }],
      ["remove_device", { device_id: 1 }, { event: "remove_device", conversation_id: 1, device_id: 1 }],
      ["add_device", { device_id: 1 }, { event: "add_device", conversation_id: 1, device_id: 1 }],
      ["quit", { user_id: 3 }, { event: "quit", conversation_id: 1, user: "carol@example.com" }],
      ["kick", { user_id: 2 }, { event: "kick", conversation_id: 1, user: "bob@example.com" }],
    ] as const;
    const invited = next(carol, "conversation");
    for (const [action, body, expected] of events) {
      const seen = next(alice, "conversation");
      expect((await chat.admin(`/admin/conversations/1/${action}`, body)).status).toBe(200);
      expect((await seen)[0]).toEqual(expected);
    }
    expect((await invited)[0]).toEqual({ event: "invite", conversation_id: 1, user: "carol@example.com" });
    const bobHearsNothing = silence(bob, "message");
    await reply(alice, "message", { conversation_id: 1, text_message: "bob is gone" });
    await bobHearsNothing;
  });

  it("sends message delete and update events to the conversation (§ Messages Events)", async () => {
    const chat = await startChat();
    const [alice, bob] = [await chat.user(1), await chat.user(2)];
    await reply(bob, "join_conversation", { conversation_id: 1 });
    const sent = next(bob, "message");
    const [, receipt] = await reply(alice, "message", { conversation_id: 1, text_message: "typo" });
    const { message_id } = receipt as { message_id: number };
    expect((await sent)[0]).toMatchObject({ message: { id: message_id }, status: "done" });
    const updated = next(bob, "message");
    await chat.admin(`/admin/messages/${message_id}/update`, { text_message: "fixed" });
    expect((await updated)[0]).toEqual({ conversation_id: 1, message_id, event: "update" });
    const deleted = next(bob, "message");
    await chat.admin(`/admin/messages/${message_id}/delete`);
    expect((await deleted)[0]).toEqual({ conversation_id: 1, message_id, event: "delete" });
    expect((await chat.admin(`/admin/messages/${message_id}/delete`)).status).toBe(404);
  });

  it("creates circles, devices and conversations a device can then use", async () => {
    const chat = await startChat();
    const circle = await chat.admin("/admin/circles", { name: "Club", members: [3] });
    expect(circle).toMatchObject({ status: 201, body: { id: 3, members: [3] } });
    const device = await chat.admin("/admin/devices", { name: "speaker", circle_id: 3 });
    expect(device).toMatchObject({ status: 201, body: { id: 2, circle_id: 3, access: true } });
    const conversation = await chat.admin("/admin/conversations", { circle_id: 3, members: [3], devices: [2] });
    expect(conversation).toMatchObject({ status: 201, body: { id: 3 } });
    const speaker = await chat.device(2);
    expect(await reply(speaker, "join_conversation", { conversation_id: 3 })).toEqual([
      "success",
      "Conversation joined",
    ]);
    expect(await reply(speaker, "join_circle", { circle_id: 3 })).toEqual(["success", "Circle joined"]);
    expect((await chat.admin("/admin/nothing-here")).status).toBe(404);
    const bad = await fetch(`${chat.url}/admin/users`, { method: "POST", body: "{not json" });
    expect(bad.status).toBe(400);
  });
});
