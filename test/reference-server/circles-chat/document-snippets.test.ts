import ioV2 from "socket.io-client-v2";
import { afterEach, describe, expect, it } from "vitest";
import { next } from "../../support/client.js";
import { reply, startChat, tokenFor } from "./chat-client.js";

const opened: { close(): unknown }[] = [];
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});

describe("circles-chat.md snippets, run as written against the reference server", () => {
  it("§ Basics: `io.connect(url)` with the old client's defaults (polling, then upgrade) connects", async () => {
    const chat = await startChat();
    // The document: `var socket = io.connect('https://' + document.domain + ':' + location.port);`
    const socket = ioV2(chat.url, { reconnection: false, forceNew: true });
    opened.push(socket);
    await next(socket, "connect");
    expect(await reply(socket, "authenticate", { token: tokenFor({ user_id: 1 }) })).toEqual([
      "success",
      "Authenticated",
    ]);
  });

  it("§ Circle Events: each json contains the circle id", async () => {
    const chat = await startChat();
    const alice = await chat.user(1);
    await reply(alice, "join_circle", { circle_id: 1 });
    // The document: json = {"event": "join", "user": "example"}; json["circle_id"] = 0
    const event = next(alice, "circle");
    await chat.admin("/admin/circles/1/join", { user_id: 3 });
    expect((await event)[0]).toEqual({ event: "join", user: "carol@example.com", circle_id: 1 });
  });
});
