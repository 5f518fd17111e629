import type { Check, DocPointer } from "../index.js";
import type { CirclesChatFixtures } from "./fixtures.js";

export type ChatCheck = Check<CirclesChatFixtures>;

/** The sections of circles-chat.md, as headed there; REAL-SERVERS.md and DECISIONS.md settle what they leave open. */
export const SECTIONS = {
  basics: "Basics",
  authentication: "Basics, Authentication",
  disconnect: "Basics, Disconnect",
  channels: "Listened Channels",
  circleEvents: "Circle Events",
  conversationEvents: "Conversations Events",
  messageEvents: "Messages Events",
  mediaEvents: "Medias Events",
  webrtc: "Events Webrtc",
} as const;

/**
 * Where a check's expectation comes from: the section, the sentence or table row it enforces (`quote`, verbatim),
 * and the DECISIONS.md item or REAL-SERVERS.md fact it also needs (`decision`: such a check is a `should`).
 */
export const doc = (section: keyof typeof SECTIONS, quote: string, decision?: string): DocPointer => ({
  file: "circles-chat.md",
  section: SECTIONS[section],
  quote,
  ...(decision === undefined ? {} : { decision }),
});

/** The sentences most checks enforce, copied from circles-chat.md. */
export const QUOTES = {
  connection: "Simple socket oppening, allows the server to store the sid (socket id).",
  authenticate:
    'The request must have a json content with the key "token" and the Json Web Token associated to the user (Same thing for the device)',
  authAnswer:
    'If an error occur, a message will be sent on the "error" channel otherwise a message wil be sent ont the channel "success".',
  disconnect: 'Simple request on the "disconnect" channel, no parameters required',
  answered:
    'Each channel that ask for one or more parameters systematically send a message on the channels "error" or "success".',
  joinConversation: "join_conversation | conversation_id | ID of the conversation",
  leaveConversation: "leave_conversation | conversation_id | ID of the conversation",
  joinCircle: "join_circle | circle_id | ID of the circle",
  leaveCircle: "leave_circle | circle_id | ID of the circle",
  messageRow: "message sent to a conversation | message |",
  writingRow: "user write | writing |",
  forwardRow: "webrtc_forward | email OR user_id OR device_id | Forward a message under the JSON format to a user",
  forwardEvent: "Message sent from another user | webrtc_config |",
  mediaRow: "If a message is sent through websocket and need medias to be uploaded | media |",
  circleJson: "Each json contains the circle id.",
  conversationJson: "Each json contains the conversation id.",
} as const;
