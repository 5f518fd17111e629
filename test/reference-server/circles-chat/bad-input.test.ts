import { describe, expect, it } from "vitest";
import { connect, next, silence } from "../../support/client.js";
import { reply, startChat } from "./chat-client.js";

const garbage: unknown[] = [
  undefined,
  null,
  7,
  "conversation_id",
  [],
  [1, 2],
  {},
  { conversation_id: "one" },
  { conversation_id: -1 },
  { conversation_id: 1.5 },
  { conversation_id: { $gt: 0 } },
  { circle_id: null },
  { __proto__: { conversation_id: 1 } },
  JSON.parse('{"__proto__": {"conversation_id": 1}}'),
  { constructor: { prototype: { conversation_id: 1 } } },
];

describe("circles-chat bad input", () => {
  it.each([
    "join_conversation",
    "leave_conversation",
    "join_circle",
    "leave_circle",
    "message",
    "writing",
    "webrtc_forward",
  ])("answers 'Invalid parameters' to garbage on %s, and an honest client alongside keeps working", async (event) => {
    const chat = await startChat();
    const [mallory, alice, bob] = [await chat.user(3), await chat.user(1), await chat.user(2)];
    for (const data of garbage) {
      expect(await reply(mallory, event, data)).toEqual(["error", "Invalid parameters"]);
    }
    await reply(bob, "join_conversation", { conversation_id: 1 });
    const seen = next(bob, "message");
    expect(await reply(alice, "message", { conversation_id: 1, text_message: "still here" })).toMatchObject([
      "success",
      { received: true },
    ]);
    expect((await seen)[0]).toMatchObject({ message: { content: "still here" } });
    expect(mallory.connected).toBe(true);
  });

  it("refuses wrong field types in messages and writing", async () => {
    const chat = await startChat();
    const alice = await chat.user(1);
    const bad = [
      ["message", { conversation_id: 1, text_message: 5 }],
      ["message", { conversation_id: 1, files: "a.txt" }],
      ["message", { conversation_id: 1, files: [1, 2] }],
      ["message", { conversation_id: 1, files: Array.from({ length: 33 }, (_, i) => `${i}.txt`) }],
      ["writing", { conversation_id: 1, is_writing: "yes" }],
      ["writing", { conversation_id: 1 }],
      ["webrtc_forward", { user_id: 2, deep: JSON.parse('{"x": {"__proto__": {"polluted": true}}}') }],
    ] as const;
    for (const [event, data] of bad) {
      expect(await reply(alice, event, data)).toEqual(["error", "Invalid parameters"]);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("ignores unknown events and never calls an ack callback (answers are emits)", async () => {
    const chat = await startChat();
    const alice = await chat.user(1);
    alice.emit("drop_database", { all: true });
    alice.emit("__proto__", {});
    const joined = next(alice, "success");
    await expect(alice.timeout(300).emitWithAck("join_conversation", { conversation_id: 1 })).rejects.toThrow();
    expect(await joined).toEqual(["Conversation joined"]);
    const socket = await connect(chat.url);
    const quiet = silence(socket, "error", 200);
    socket.emit("no_such_event");
    await quiet;
    expect(await reply(alice, "join_circle", { circle_id: 1 })).toEqual(["success", "Circle joined"]);
  });

  it("keeps only the last backlogLines messages per conversation (bounded memory)", async () => {
    const chat = await startChat({ options: { limits: { backlogLines: 2 } } });
    const alice = await chat.user(1);
    const ids: number[] = [];
    for (const text of ["a", "b", "c"]) {
      const [, receipt] = await reply(alice, "message", { conversation_id: 1, text_message: text });
      ids.push((receipt as { message_id: number }).message_id);
    }
    expect((await chat.admin(`/admin/messages/${ids[0]}/update`, { text_message: "x" })).status).toBe(404);
    expect((await chat.admin(`/admin/messages/${ids[2]}/update`, { text_message: "x" })).status).toBe(200);
  });
});
