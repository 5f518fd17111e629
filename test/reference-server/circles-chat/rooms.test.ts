import { describe, expect, it } from "vitest";
import { next, silence } from "../../support/client.js";
import { reply, startChat } from "./chat-client.js";

describe("circles-chat rooms (circles-chat.md § Listened Channels)", () => {
  it("lets members join and leave a conversation and a circle", async () => {
    const chat = await startChat();
    const alice = await chat.user(1);
    expect(await reply(alice, "join_conversation", { conversation_id: 1 })).toEqual(["success", "Conversation joined"]);
    expect(await reply(alice, "leave_conversation", { conversation_id: 1 })).toEqual(["success", "Conversation left"]);
    expect(await reply(alice, "join_circle", { circle_id: 1 })).toEqual(["success", "Circle joined"]);
    expect(await reply(alice, "leave_circle", { circle_id: 1 })).toEqual(["success", "Circle left"]);
  });

  it("refuses non-members and unknown ids", async () => {
    const chat = await startChat();
    const carol = await chat.user(3);
    expect(await reply(carol, "join_conversation", { conversation_id: 1 })).toEqual(["error", "Not a member"]);
    expect(await reply(carol, "join_circle", { circle_id: 1 })).toEqual(["error", "Not a member"]);
    expect(await reply(carol, "join_conversation", { conversation_id: 77 })).toEqual([
      "error",
      "Conversation not found",
    ]);
    expect(await reply(carol, "join_circle", { circle_id: 77 })).toEqual(["error", "Circle not found"]);
    expect(await reply(carol, "leave_circle", { circle_id: 77 })).toEqual(["error", "Circle not found"]);
    expect(await reply(carol, "leave_conversation", { conversation_id: 77 })).toEqual([
      "error",
      "Conversation not found",
    ]);
  });

  it("lets a device join its own circle and its conversations only", async () => {
    const chat = await startChat({
      fixtures: {
        devices: [
          { id: 1, name: "display", circle_id: 1 },
          { id: 2, name: "off", circle_id: 1, access: false },
        ],
      },
    });
    const device = await chat.device(1);
    expect(await reply(device, "join_circle", { circle_id: 1 })).toEqual(["success", "Circle joined"]);
    expect(await reply(device, "join_conversation", { conversation_id: 1 })).toEqual([
      "success",
      "Conversation joined",
    ]);
    expect(await reply(device, "join_circle", { circle_id: 2 })).toEqual(["error", "Not a member"]);
    expect(await reply(device, "join_conversation", { conversation_id: 2 })).toEqual(["error", "Not a member"]);
    const barred = await chat.device(2);
    expect(await reply(barred, "join_circle", { circle_id: 1 })).toEqual(["error", "Not a member"]);
  });

  it("stops delivering a conversation's messages after leave_conversation", async () => {
    const chat = await startChat();
    const [alice, bob] = [await chat.user(1), await chat.user(2)];
    await reply(bob, "join_conversation", { conversation_id: 1 });
    const seen = next(bob, "message");
    await reply(alice, "message", { conversation_id: 1, text_message: "one" });
    expect((await seen)[0]).toMatchObject({ status: "done", message: { content: "one" } });
    await reply(bob, "leave_conversation", { conversation_id: 1 });
    const quiet = silence(bob, "message");
    await reply(alice, "message", { conversation_id: 1, text_message: "two" });
    await quiet;
  });
});
