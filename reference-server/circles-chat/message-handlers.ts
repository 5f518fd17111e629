import {
  CIRCLES_CHAT_SUCCESS,
  conversationRoom,
  type Media,
  type MessagePush,
  messageRequest,
  writingRequest,
} from "../../protocols/circles-chat/index.js";
import type { Chat, ChatSocket } from "./chat.js";
import type { StoredMessage } from "./chat-state.js";
import { CIRCLES_CHAT_FAULTS } from "./faults.js";

/** A file name longer than this is refused: it names a file, it is not content (DECISIONS.md D11). */
const MAX_FILE_NAME_BYTES = 255;

/** The full `message` payload, status "done" (circles-chat.md § Messages Events). */
export function doneMessage(stored: StoredMessage): MessagePush {
  return {
    conversation_id: stored.conversation_id,
    message: stored.message,
    time: stored.message.sent,
    sender: stored.sender,
    media_list: stored.media,
    status: "done",
  };
}

/** circles-chat.md § Listened Channels: `message` and `writing`. */
export function messageHandlers(chat: Chat, socket: ChatSocket): void {
  const { state } = chat;
  const { maxStringBytes } = chat.ctx.options.limits;

  chat.authed(socket, "message", messageRequest, (who, { conversation_id, text_message, files }) => {
    const conversation = state.conversations.get(conversation_id);
    if (!conversation) return chat.fail(socket, "conversation_not_found");
    if (!state.inConversation(who, conversation)) return chat.fail(socket, "not_a_member");
    const text = text_message ?? "";
    const names = files ?? [];
    if (text === "" && names.length === 0) return chat.fail(socket, "empty_message");
    if (Buffer.byteLength(text) > maxStringBytes) return chat.fail(socket, "too_long");
    if (names.some((n) => Buffer.byteLength(n) > MAX_FILE_NAME_BYTES)) return chat.fail(socket, "too_long");

    const media: Media[] = names.map((name) => ({ id: state.ids.media.next(), name }));
    const stored: StoredMessage = {
      conversation_id,
      message: {
        id: state.ids.message.next(),
        content: text,
        sent: new Date().toISOString(),
        user_id: who.kind === "user" ? who.id : null,
        device_id: who.kind === "device" ? who.id : null,
      },
      sender: chat.sender(who),
      pending: new Map(media.map((m) => [m.id, m])),
      media,
    };
    state.addMessage(stored);
    const message_id = stored.message.id;
    if (!chat.ctx.faulty(CIRCLES_CHAT_FAULTS.messageReceiptMissing)) chat.ok(socket, { received: true, message_id });
    const room = chat.nsp.to(conversationRoom(conversation_id));
    if (media.length === 0) return room.emit("message", doneMessage(stored));
    socket.emit("media", { media_list: media, message_id });
    room.emit("message", { conversation_id, message: stored.message, status: "pending" });
  });

  chat.authed(socket, "writing", writingRequest, (who, { conversation_id, is_writing }) => {
    const conversation = state.conversations.get(conversation_id);
    if (!conversation) return chat.fail(socket, "conversation_not_found");
    if (!state.inConversation(who, conversation)) return chat.fail(socket, "not_a_member");
    const room = socket.to(conversationRoom(conversation_id));
    if (who.kind === "device") room.emit("writing", { conversation_id, device: true, is_writing });
    else
      room.emit("writing", { conversation_id, device: false, user: state.users.get(who.id)?.email ?? "", is_writing });
    chat.ok(socket, CIRCLES_CHAT_SUCCESS.writing);
  });
}
