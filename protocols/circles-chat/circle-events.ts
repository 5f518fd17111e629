import { z } from "zod";

// circles-chat.md § Circle Events: every payload carries `circle_id`.
const circleId = { circle_id: z.number().int() };

// circles-chat.md § Circle Events, "invitation" (channel circle_invite).
export const circleInvitePush = z.object({ event: z.literal("invite"), ...circleId });
export type CircleInvitePush = z.infer<typeof circleInvitePush>;

// circles-chat.md § Circle Events (channel circle): join, quit, kick, update, connect, disconnect, device.
export const circlePush = z.union([
  z.object({ event: z.enum(["join", "quit", "connect", "disconnect"]), user: z.string(), ...circleId }),
  z.object({ event: z.literal("kick"), user: z.string(), from: z.string(), ...circleId }),
  z.object({ event: z.literal("update"), ...circleId }),
  z.object({
    event: z.literal("device"),
    type: z.enum(["update", "connect", "disconnect"]),
    device_id: z.number().int(),
    ...circleId,
  }),
]);
export type CirclePush = z.infer<typeof circlePush>;

/**
 * circles-chat.md § Conversations Events: the document lists the events with empty payloads and says only "Each json
 * contains the conversation id"; the `event` names and the user/device field are DECISIONS.md D8.
 */
export const CONVERSATION_EVENTS = [
  "update",
  "invite",
  "promote",
  "kick",
  "quit",
  "add_device",
  "remove_device",
] as const;
export const conversationPush = z.object({
  event: z.enum(CONVERSATION_EVENTS),
  conversation_id: z.number().int(),
  user: z.string().optional(),
  device_id: z.number().int().optional(),
});
export type ConversationPush = z.infer<typeof conversationPush>;
