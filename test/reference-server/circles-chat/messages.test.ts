import { describe, expect, it } from "vitest";
import { next, silence } from "../../support/client.js";
import { reply, startChat } from "./chat-client.js";

describe("circles-chat messages (circles-chat.md § Messages Events)", () => {
  it("answers the sender {received, message_id} and sends the room the full message, status done", async () => {
    const chat = await startChat();
    const [alice, bob, carol] = [await chat.user(1), await chat.user(2), await chat.user(3)];
    await reply(bob, "join_conversation", { conversation_id: 1 });
    const atBob = next(bob, "message");
    const quiet = silence(carol, "message");
    const [event, receipt] = await reply(alice, "message", { conversation_id: 1, text_message: "dinner at 8" });
    expect(event).toBe("success");
    expect(receipt).toEqual({ received: true, message_id: expect.any(Number) });
    const [pushed] = await atBob;
    expect(pushed).toEqual({
      conversation_id: 1,
      message: {
        id: (receipt as { message_id: number }).message_id,
        content: "dinner at 8",
        sent: expect.any(String),
        user_id: 1,
        device_id: null,
      },
      time: expect.any(String),
      sender: { id: 1, email: "alice@example.com", first_name: "Alice", last_name: "Martin" },
      media_list: [],
      status: "done",
    });
    await quiet;
  });

  it("sends pending, then media to the sender, then done once the files are uploaded (§ Medias Events)", async () => {
    const chat = await startChat();
    const [alice, bob] = [await chat.user(1), await chat.user(2)];
    await reply(bob, "join_conversation", { conversation_id: 1 });
    const pending = next(bob, "message");
    const media = next(alice, "media");
    const [, receipt] = await reply(alice, "message", { conversation_id: 1, files: ["a.jpg", "b.txt"] });
    const { message_id } = receipt as { message_id: number };
    expect((await pending)[0]).toMatchObject({ conversation_id: 1, message: { id: message_id }, status: "pending" });
    const [{ media_list }] = (await media) as [{ media_list: { id: number; name: string }[] }];
    expect(media_list.map((m) => m.name)).toEqual(["a.jpg", "b.txt"]);
    expect(await chat.admin(`/admin/media/${media_list[0]?.id}/uploaded`)).toMatchObject({
      status: 200,
      body: { status: "pending" },
    });
    const done = next(bob, "message");
    await chat.admin(`/admin/media/${media_list[1]?.id}/uploaded`);
    expect((await done)[0]).toMatchObject({ message: { id: message_id }, media_list, status: "done" });
  });

  it("lets a device send, with the device as sender", async () => {
    const chat = await startChat();
    const [device, alice] = [await chat.device(1), await chat.user(1)];
    await reply(alice, "join_conversation", { conversation_id: 1 });
    const seen = next(alice, "message");
    await reply(device, "message", { conversation_id: 1, text_message: "doorbell" });
    expect((await seen)[0]).toMatchObject({
      message: { device_id: 1, user_id: null },
      sender: { id: 1, name: "kitchen-display", is_device: true },
    });
  });

  it("refuses empty, oversized and non-member messages", async () => {
    const chat = await startChat({ options: { limits: { maxStringBytes: 100 } } });
    const [alice, carol] = [await chat.user(1), await chat.user(3)];
    expect(await reply(alice, "message", { conversation_id: 1 })).toEqual(["error", "Empty message"]);
    expect(await reply(alice, "message", { conversation_id: 1, text_message: "x".repeat(101) })).toEqual([
      "error",
      "Too long",
    ]);
    expect(await reply(alice, "message", { conversation_id: 1, files: ["f".repeat(256)] })).toEqual([
      "error",
      "Too long",
    ]);
    expect(await reply(carol, "message", { conversation_id: 1, text_message: "let me in" })).toEqual([
      "error",
      "Not a member",
    ]);
    expect(await reply(alice, "message", { conversation_id: 9, text_message: "?" })).toEqual([
      "error",
      "Conversation not found",
    ]);
  });

  it("sends writing to the other members, with the user's email or device: true", async () => {
    const chat = await startChat();
    const [alice, bob, device] = [await chat.user(1), await chat.user(2), await chat.device(1)];
    await reply(alice, "join_conversation", { conversation_id: 1 });
    await reply(bob, "join_conversation", { conversation_id: 1 });
    const atBob = next(bob, "writing");
    const notEchoed = silence(alice, "writing");
    expect(await reply(alice, "writing", { conversation_id: 1, is_writing: true })).toEqual([
      "success",
      "Writing sent",
    ]);
    expect((await atBob)[0]).toEqual({
      conversation_id: 1,
      device: false,
      user: "alice@example.com",
      is_writing: true,
    });
    await notEchoed;
    const fromDevice = next(bob, "writing");
    await reply(device, "writing", { conversation_id: 1, is_writing: false });
    expect((await fromDevice)[0]).toEqual({ conversation_id: 1, device: true, is_writing: false });
  });

  it("delivers between a Socket.IO 2.x client and a 4.x client", async () => {
    const chat = await startChat();
    const [old, modern] = [await chat.userV2(2), await chat.user(1)];
    await reply(old, "join_conversation", { conversation_id: 1 });
    await reply(modern, "join_conversation", { conversation_id: 1 });
    const atOld = next(old, "message");
    await reply(modern, "message", { conversation_id: 1, text_message: "from v4" });
    expect((await atOld)[0]).toMatchObject({ message: { content: "from v4" }, status: "done" });
    const atModern = next(modern, "message");
    await reply(old, "message", { conversation_id: 1, text_message: "from v2" });
    expect((await atModern)[0]).toMatchObject({ message: { content: "from v2" }, sender: { id: 2 } });
  });
});
