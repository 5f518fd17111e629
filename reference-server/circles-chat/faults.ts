import type { FaultDefinition } from "../api-module.js";

/** Deliberate defects, each switched on at exactly one place, each one a conformance check must catch. */
export const CIRCLES_CHAT_FAULTS = {
  leakToNonMember: "circles-chat.leak-to-non-member",
  expiredTokenAccepted: "circles-chat.expired-token-accepted",
  messageReceiptMissing: "circles-chat.message-receipt-missing",
  forwardToEveryone: "circles-chat.forward-to-everyone",
} as const;

export const circlesChatFaults: readonly FaultDefinition[] = [
  {
    name: CIRCLES_CHAT_FAULTS.leakToNonMember,
    description: "join_conversation lets a non-member into the room, so it receives the conversation's messages",
  },
  {
    name: CIRCLES_CHAT_FAULTS.expiredTokenAccepted,
    description: "authenticate accepts an expired token",
  },
  {
    name: CIRCLES_CHAT_FAULTS.messageReceiptMissing,
    description: "the sender of a message never gets its success {received, message_id}",
  },
  {
    name: CIRCLES_CHAT_FAULTS.forwardToEveryone,
    description: "webrtc_forward delivers to every authenticated client, not only the destination",
  },
];
