import type { Socket } from "socket.io-client";
import { describe, expect, it } from "vitest";
import type { ClientToServerEvents, ServerToClientEvents } from "../../../protocols/circles-chat/index.js";
import { next } from "../../support/client.js";
import { startChat } from "./chat-client.js";

/** A client typed by the protocol's event maps (the reverse of the server's view). */
type TypedClient = Socket<ServerToClientEvents, ClientToServerEvents>;

describe("circles-chat typed event maps", () => {
  it("type the client's emits and listeners, and the compiler refuses misspellings and wrong payloads", async () => {
    const chat = await startChat();
    const alice = (await chat.user(1)) as unknown as TypedClient;
    const joined = next(alice as unknown as Socket, "success");
    alice.emit("join_conversation", { conversation_id: 1 });
    expect(await joined).toEqual(["Conversation joined"]);
    if (Date.now() < 0) {
      // Never run: these lines exist for `tsc --noEmit`, which fails if any of them compiles.
      // @ts-expect-error misspelled event
      alice.emit("join_conversaton", { conversation_id: 1 });
      // @ts-expect-error is_writing is a boolean
      alice.emit("writing", { conversation_id: 1, is_writing: "yes" });
      // @ts-expect-error webrtc_config carries no message receipt
      alice.on("webrtc_config", (payload: { received: true; message_id: number }) => payload);
      // @ts-expect-error errors are the table's strings
      alice.on("error", (message: number) => message);
    }
  });
});
