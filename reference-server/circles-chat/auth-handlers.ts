import { authenticateRequest, CIRCLES_CHAT_SUCCESS, circleRoom } from "../../protocols/circles-chat/index.js";
import type { Chat, ChatSocket } from "./chat.js";
import type { Identity } from "./chat-state.js";
import { CIRCLES_CHAT_FAULTS } from "./faults.js";
import { verifyToken } from "./token.js";

/** Tells a client's circles it came or went (circles-chat.md § Circle Events; DECISIONS.md D13). */
function announce(chat: Chat, who: Identity, event: "connect" | "disconnect"): void {
  for (const circle_id of chat.state.circlesOf(who)) {
    const room = chat.nsp.to(circleRoom(circle_id));
    if (who.kind === "device") room.emit("circle", { event: "device", type: event, device_id: who.id, circle_id });
    else room.emit("circle", { event, user: chat.state.users.get(who.id)?.email ?? "", circle_id });
  }
}

/** The identity a token's claims name, when it still exists. */
function identify(chat: Chat, claims: { user_id?: number; device_id?: number }): Identity | undefined {
  if (claims.user_id !== undefined) {
    return chat.state.users.has(claims.user_id) ? { kind: "user", id: claims.user_id } : undefined;
  }
  if (claims.device_id !== undefined) {
    return chat.state.devices.has(claims.device_id) ? { kind: "device", id: claims.device_id } : undefined;
  }
  return undefined;
}

/** circles-chat.md § Basics, Authentication and Disconnect. */
export function authHandlers(chat: Chat, socket: ChatSocket): void {
  chat.handle(socket, "authenticate", async (data) => {
    // D15: once authenticated (or while a token is being checked), a socket keeps its identity.
    if (socket.data.identity || socket.data.authenticating) return chat.fail(socket, "already_authenticated");
    const request = authenticateRequest.safeParse(data);
    if (!request.success) return chat.fail(socket, "invalid_token");
    socket.data.authenticating = true;
    try {
      const ignoreExpiry = chat.ctx.faulty(CIRCLES_CHAT_FAULTS.expiredTokenAccepted);
      const check = await verifyToken(chat.fixtures.secret, request.data.token, ignoreExpiry);
      const who = check.ok ? identify(chat, check.claims) : undefined;
      if (!who || !socket.connected) return chat.fail(socket, "invalid_token");
      chat.signIn(socket, who);
      chat.ok(socket, CIRCLES_CHAT_SUCCESS.authenticate);
      announce(chat, who, "connect");
    } finally {
      socket.data.authenticating = false;
    }
  });

  chat.handle(socket, "disconnect", () => {
    const who = socket.data.identity;
    if (!who) return;
    chat.signOut(socket, who);
    announce(chat, who, "disconnect");
  });
}
