import { z } from "zod";
import { entityId } from "./ids.js";

// circles-chat.md § Listened Channels: join_conversation / leave_conversation `conversation_id`.
export const conversationRequest = z.object({ conversation_id: entityId });
export type ConversationRequest = z.input<typeof conversationRequest>;

// circles-chat.md § Listened Channels: join_circle / leave_circle `circle_id`.
export const circleRequest = z.object({ circle_id: entityId });
export type CircleRequest = z.input<typeof circleRequest>;

/** The Socket.IO rooms the real server puts sockets in (REAL-SERVERS.md: `conversation_<id>`, `circle_<id>`). */
export const conversationRoom = (id: number) => `conversation_${id}`;
export const circleRoom = (id: number) => `circle_${id}`;
