import {
  CIRCLES_CHAT_SUCCESS,
  circleRequest,
  circleRoom,
  conversationRequest,
  conversationRoom,
} from "../../protocols/circles-chat/index.js";
import type { Chat, ChatSocket } from "./chat.js";
import { CIRCLES_CHAT_FAULTS } from "./faults.js";

/** circles-chat.md § Listened Channels: join/leave a conversation or a circle room (DECISIONS.md D14). */
export function roomHandlers(chat: Chat, socket: ChatSocket): void {
  const { state } = chat;

  chat.authed(socket, "join_conversation", conversationRequest, async (who, { conversation_id }) => {
    const conversation = state.conversations.get(conversation_id);
    if (!conversation) return chat.fail(socket, "conversation_not_found");
    const allowed = state.inConversation(who, conversation) || chat.ctx.faulty(CIRCLES_CHAT_FAULTS.leakToNonMember);
    if (!allowed) return chat.fail(socket, "not_a_member");
    await socket.join(conversationRoom(conversation_id));
    chat.ok(socket, CIRCLES_CHAT_SUCCESS.join_conversation);
  });

  chat.authed(socket, "leave_conversation", conversationRequest, async (_who, { conversation_id }) => {
    if (!state.conversations.has(conversation_id)) return chat.fail(socket, "conversation_not_found");
    await socket.leave(conversationRoom(conversation_id));
    chat.ok(socket, CIRCLES_CHAT_SUCCESS.leave_conversation);
  });

  chat.authed(socket, "join_circle", circleRequest, async (who, { circle_id }) => {
    const circle = state.circles.get(circle_id);
    if (!circle) return chat.fail(socket, "circle_not_found");
    if (!state.inCircle(who, circle)) return chat.fail(socket, "not_a_member");
    await socket.join(circleRoom(circle_id));
    chat.ok(socket, CIRCLES_CHAT_SUCCESS.join_circle);
  });

  chat.authed(socket, "leave_circle", circleRequest, async (_who, { circle_id }) => {
    if (!state.circles.has(circle_id)) return chat.fail(socket, "circle_not_found");
    await socket.leave(circleRoom(circle_id));
    chat.ok(socket, CIRCLES_CHAT_SUCCESS.leave_circle);
  });
}
