import { createHmac } from "node:crypto";
import { z } from "zod";
import {
  CIRCLES_CHAT_SUCCESS,
  type WebrtcForwardPush,
  webrtcForwardRequest,
} from "../../protocols/circles-chat/index.js";
import type { Chat, ChatSocket } from "./chat.js";
import type { Identity } from "./chat-state.js";
import { CIRCLES_CHAT_FAULTS } from "./faults.js";

/** How long TURN credentials stay valid (DECISIONS.md D17). */
const TURN_CREDENTIALS_TTL_SECONDS = 86_400;

/** These events take no parameters (circles-chat.md § Listened Channels: `-`); whatever is sent is ignored. */
const noParameters = z.unknown();

/** The destination a forward names: email, then user_id, then device_id (DECISIONS.md D9). */
function destination(chat: Chat, request: z.output<typeof webrtcForwardRequest>): Identity | undefined {
  const { state } = chat;
  if ("email" in request && typeof request.email === "string") {
    const user = state.userByEmail(request.email);
    return user && { kind: "user", id: user.id };
  }
  if ("user_id" in request && typeof request.user_id === "number") {
    return state.users.has(request.user_id) ? { kind: "user", id: request.user_id } : undefined;
  }
  if ("device_id" in request && typeof request.device_id === "number") {
    return state.devices.has(request.device_id) ? { kind: "device", id: request.device_id } : undefined;
  }
  return undefined;
}

/** circles-chat.md § Listened Channels and § Events Webrtc. */
export function webrtcHandlers(chat: Chat, socket: ChatSocket): void {
  chat.authed(socket, "webrtc_credentials", noParameters, (who) => {
    const username = `${Math.floor(Date.now() / 1000) + TURN_CREDENTIALS_TTL_SECONDS}:${who.kind}-${who.id}`;
    const password = createHmac("sha1", chat.fixtures.turnSecret).update(username).digest("base64");
    socket.emit("webrtc_config", { username, password });
  });

  chat.authed(socket, "webrtc_stun_info", noParameters, () => socket.emit("webrtc_config", chat.fixtures.stun));
  chat.authed(socket, "webrtc_turn_info", noParameters, () => socket.emit("webrtc_config", chat.fixtures.turn));

  chat.authed(socket, "webrtc_forward", webrtcForwardRequest, (who, request) => {
    const target = destination(chat, request);
    if (!target) return chat.fail(socket, "destination_not_found");
    const targets = chat.ctx.faulty(CIRCLES_CHAT_FAULTS.forwardToEveryone)
      ? chat.everyone().filter((id) => id !== socket.id)
      : chat.socketsOf(target);
    if (targets.length === 0) return chat.fail(socket, "destination_not_connected");
    const push: WebrtcForwardPush = { sender_id: who.id, is_device: who.kind === "device", content: request };
    // D9: the real server's event and the document's table's event.
    chat.nsp.to(targets).emit("webrtc_forward", push);
    chat.nsp.to(targets).emit("webrtc_config", push);
    chat.ok(socket, CIRCLES_CHAT_SUCCESS.webrtc_forward);
  });
}
