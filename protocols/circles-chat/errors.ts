/**
 * The plain strings the server emits on `error` (circles-chat.md § Basics: "a message will be sent on the 'error'
 * channel"). The document names none but "Already authenticated" and "Invalid token" (REAL-SERVERS.md); the rest are
 * the reference server's wording (DECISIONS.md D4): a check may rely on an `error` arriving, never on its text.
 * Keys are the codes metrics count them by.
 */
export const CIRCLES_CHAT_ERRORS = {
  already_authenticated: "Already authenticated",
  invalid_token: "Invalid token",
  not_authenticated: "Not authenticated",
  invalid_parameters: "Invalid parameters",
  empty_message: "Empty message",
  too_long: "Too long",
  conversation_not_found: "Conversation not found",
  circle_not_found: "Circle not found",
  not_a_member: "Not a member",
  destination_not_found: "Destination not found",
  destination_not_connected: "Destination not connected",
} as const;

export type CirclesChatErrorCode = keyof typeof CIRCLES_CHAT_ERRORS;
export type CirclesChatErrorMessage = (typeof CIRCLES_CHAT_ERRORS)[CirclesChatErrorCode];
