import type { AuthenticateRequest } from "./auth.js";
import type { CircleInvitePush, CirclePush, ConversationPush } from "./circle-events.js";
import type { CirclesChatErrorMessage } from "./errors.js";
import type {
  MediaPush,
  MessagePush,
  MessageReceived,
  MessageRequest,
  WritingPush,
  WritingRequest,
} from "./messages.js";
import type { CircleRequest, ConversationRequest } from "./rooms.js";
import type { CirclesChatSuccessMessage } from "./success.js";
import type { WebrtcConfigPush, WebrtcForwardPush, WebrtcForwardRequest } from "./webrtc.js";

/**
 * What a client emits on the main namespace `/` (circles-chat.md § Listened Channels). No event takes an ack: every
 * answer is a `success` or `error` emit (REAL-SERVERS.md).
 */
export interface ClientToServerEvents {
  authenticate: (data: AuthenticateRequest) => void;
  join_conversation: (data: ConversationRequest) => void;
  leave_conversation: (data: ConversationRequest) => void;
  join_circle: (data: CircleRequest) => void;
  leave_circle: (data: CircleRequest) => void;
  message: (data: MessageRequest) => void;
  writing: (data: WritingRequest) => void;
  webrtc_credentials: () => void;
  webrtc_stun_info: () => void;
  webrtc_turn_info: () => void;
  webrtc_forward: (data: WebrtcForwardRequest) => void;
}

/** A `success` payload: a short sentence, or for `message` the receipt (DECISIONS.md D5). */
export type SuccessPayload = CirclesChatSuccessMessage | MessageReceived;

/** What the server emits on `/` (circles-chat.md § Circle/Conversations/Messages/Medias/Webrtc Events). */
export interface ServerToClientEvents {
  success: (payload: SuccessPayload) => void;
  error: (message: CirclesChatErrorMessage) => void;
  circle: (payload: CirclePush) => void;
  circle_invite: (payload: CircleInvitePush) => void;
  conversation: (payload: ConversationPush) => void;
  message: (payload: MessagePush) => void;
  writing: (payload: WritingPush) => void;
  media: (payload: MediaPush) => void;
  webrtc_config: (payload: WebrtcConfigPush | WebrtcForwardPush) => void;
  webrtc_forward: (payload: WebrtcForwardPush) => void;
}

export const CLIENT_EVENTS = [
  "authenticate",
  "join_conversation",
  "leave_conversation",
  "join_circle",
  "leave_circle",
  "message",
  "writing",
  "webrtc_credentials",
  "webrtc_stun_info",
  "webrtc_turn_info",
  "webrtc_forward",
] as const satisfies readonly (keyof ClientToServerEvents)[];

export const SERVER_EVENTS = [
  "success",
  "error",
  "circle",
  "circle_invite",
  "conversation",
  "message",
  "writing",
  "media",
  "webrtc_config",
  "webrtc_forward",
] as const satisfies readonly (keyof ServerToClientEvents)[];
