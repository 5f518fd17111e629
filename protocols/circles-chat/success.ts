/**
 * The sentences the reference server sends on `success` (circles-chat.md § Basics: "otherwise a message will be sent
 * on the channel 'success'"). The document gives none; "Message forwarded" is the real server's (DECISIONS.md D5).
 * The `message` receipt is an object instead (messages.ts `messageReceived`).
 */
export const CIRCLES_CHAT_SUCCESS = {
  authenticate: "Authenticated",
  join_conversation: "Conversation joined",
  leave_conversation: "Conversation left",
  join_circle: "Circle joined",
  leave_circle: "Circle left",
  writing: "Writing sent",
  webrtc_forward: "Message forwarded",
} as const;

export type CirclesChatSuccessMessage = (typeof CIRCLES_CHAT_SUCCESS)[keyof typeof CIRCLES_CHAT_SUCCESS];
