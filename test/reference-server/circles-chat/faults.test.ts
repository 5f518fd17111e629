import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { circlesChatServer } from "../../../reference-server/circles-chat/index.js";
import { connect, next, silence } from "../../support/client.js";
import { demo, reply, startChat } from "./chat-client.js";

const withFault = (fault: string) => ({ options: { fault } });

describe("circles-chat faults: each defect is observable", () => {
  it("names every fault circles-chat.<what-is-wrong>", () => {
    expect(circlesChatServer.faults.map((f) => f.name)).toEqual([
      "circles-chat.leak-to-non-member",
      "circles-chat.expired-token-accepted",
      "circles-chat.message-receipt-missing",
      "circles-chat.forward-to-everyone",
    ]);
  });

  it("leak-to-non-member: a non-member joins a conversation and reads its messages", async () => {
    const chat = await startChat(withFault("circles-chat.leak-to-non-member"));
    const [alice, carol] = [await chat.user(1), await chat.user(3)];
    expect(await reply(carol, "join_conversation", { conversation_id: 1 })).toEqual(["success", "Conversation joined"]);
    const leaked = next(carol, "message");
    await reply(alice, "message", { conversation_id: 1, text_message: "family only" });
    expect((await leaked)[0]).toMatchObject({ message: { content: "family only" } });
  });

  it("expired-token-accepted: an expired token authenticates", async () => {
    const chat = await startChat(withFault("circles-chat.expired-token-accepted"));
    const expired = await new SignJWT({ user_id: 1 })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7_200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3_600)
      .sign(new TextEncoder().encode(demo.secret));
    expect(await reply(await connect(chat.url), "authenticate", { token: expired })).toEqual([
      "success",
      "Authenticated",
    ]);
  });

  it("message-receipt-missing: the sender gets no success, though the room gets the message", async () => {
    const chat = await startChat(withFault("circles-chat.message-receipt-missing"));
    const [alice, bob] = [await chat.user(1), await chat.user(2)];
    await reply(bob, "join_conversation", { conversation_id: 1 });
    const noReceipt = silence(alice, "success");
    const delivered = next(bob, "message");
    alice.emit("message", { conversation_id: 1, text_message: "did it arrive?" });
    await delivered;
    await noReceipt;
  });

  it("forward-to-everyone: a third client receives a forward meant for another", async () => {
    const chat = await startChat(withFault("circles-chat.forward-to-everyone"));
    const [alice, , carol] = [await chat.user(1), await chat.user(2), await chat.user(3)];
    const intercepted = next(carol, "webrtc_forward");
    await reply(alice, "webrtc_forward", { user_id: 2, sdp: "secret offer" });
    expect((await intercepted)[0]).toMatchObject({ content: { user_id: 2, sdp: "secret offer" } });
  });
});
