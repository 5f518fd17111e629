import { z } from "zod";
import { entityId } from "./ids.js";

// circles-chat.md § Listened Channels, message: mandatory `conversation_id`, optional `text_message` and `files`
// ("file list, Example: [file.txt, ...]").
export const messageRequest = z.object({
  conversation_id: entityId,
  text_message: z.string().optional(),
  files: z.array(z.string().min(1)).max(32).optional(),
});
export type MessageRequest = z.input<typeof messageRequest>;

// circles-chat.md § Listened Channels, writing: `conversation_id, is_writing` (a Boolean).
export const writingRequest = z.object({ conversation_id: entityId, is_writing: z.boolean() });
export type WritingRequest = z.input<typeof writingRequest>;

// circles-chat.md § Messages Events: `message.getSimpleContent()` (fields: DECISIONS.md D7).
export const simpleMessage = z.object({
  id: z.number().int(),
  content: z.string(),
  sent: z.string(),
  user_id: z.number().int().nullable(),
  device_id: z.number().int().nullable(),
});
export type SimpleMessage = z.infer<typeof simpleMessage>;

// circles-chat.md § Messages Events: `socket.client.getSimpleContent()` of a user or a device (DECISIONS.md D7).
export const simpleSender = z.union([
  z.object({ id: z.number().int(), email: z.string(), first_name: z.string(), last_name: z.string() }),
  z.object({ id: z.number().int(), name: z.string(), is_device: z.literal(true) }),
]);
export type SimpleSender = z.infer<typeof simpleSender>;

// circles-chat.md § Medias Events: a media awaiting upload.
export const media = z.object({ id: z.number().int(), name: z.string() });
export type Media = z.infer<typeof media>;

// circles-chat.md § Messages Events, "message sent to a conversation": the full payload, status "done".
export const messageDone = z.object({
  conversation_id: z.number().int(),
  message: simpleMessage,
  time: z.string(),
  sender: simpleSender,
  media_list: z.array(media),
  status: z.literal("done"),
});
// ... or, while files upload, status "pending".
export const messagePending = z.object({
  conversation_id: z.number().int(),
  message: simpleMessage,
  status: z.literal("pending"),
});
// circles-chat.md § Messages Events, "message deletion" / "message update".
export const messageChanged = z.object({
  conversation_id: z.number().int(),
  message_id: z.number().int(),
  event: z.enum(["delete", "update"]),
});
export const messagePush = z.union([messageDone, messagePending, messageChanged]);
export type MessagePush = z.infer<typeof messagePush>;

// circles-chat.md § Messages Events, "user write": a user's carries `user` (an email), a device's does not.
export const writingPush = z.union([
  z.object({ conversation_id: z.number().int(), device: z.literal(false), user: z.string(), is_writing: z.boolean() }),
  z.object({ conversation_id: z.number().int(), device: z.literal(true), is_writing: z.boolean() }),
]);
export type WritingPush = z.infer<typeof writingPush>;

// circles-chat.md § Medias Events: sent to the sender when the message needs medias to be uploaded.
export const mediaPush = z.object({ media_list: z.array(media), message_id: z.number().int() });
export type MediaPush = z.infer<typeof mediaPush>;

// REAL-SERVERS.md § circles-chat: the sender of a message gets `success {received: true, message_id}`.
export const messageReceived = z.object({ received: z.literal(true), message_id: z.number().int() });
export type MessageReceived = z.infer<typeof messageReceived>;
