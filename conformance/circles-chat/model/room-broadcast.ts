import type { EntityId } from "../fixtures.js";
import {
  type ChatModel,
  type ChatReal,
  clientOf,
  type Delivery,
  expectAnswer,
  hasJoined,
  isMember,
  settle,
} from "./chat-model.js";

/** A request whose acceptance the room of its conversation hears about: `message` and `writing`. */
export interface RoomRequest {
  readonly command: string;
  readonly actor: string;
  readonly conversation_id: EntityId;
  /** The client event, also the pushed event's name. */
  readonly event: "message" | "writing";
  readonly payload: Readonly<Record<string, unknown>>;
  readonly problems: (pushed: unknown) => string[];
}

/**
 * Sends the request and settles it. Only a member in the room must be accepted; refusing the others (non-members
 * above all) is D11's choice, checked at `should` level by circles-chat.messages.non-member-send-refused. Once
 * accepted, every other actor in the room must get the push and the sender may (Flask-SocketIO includes the
 * caller, D11/D12 differ); once refused, nobody gets anything.
 */
export async function sendToRoom(m: ChatModel, r: ChatReal, req: RoomRequest): Promise<void> {
  clientOf(r, req.actor).emit(req.event, req.payload);
  const mustAccept =
    hasJoined(m, "conversation", req.conversation_id, req.actor) &&
    isMember(m, "conversation", req.conversation_id, req.actor);
  const got = await expectAnswer(r, req.command, req.actor, mustAccept ? ["success"] : ["success", "error"]);
  if (got.event !== "success") return settle(r, req.command, []);
  const listeners = m.actors.filter((a) => hasJoined(m, "conversation", req.conversation_id, a.name));
  const delivery = (to: string): Delivery => ({ to, events: [req.event], problems: req.problems });
  const others = listeners.filter((a) => a.name !== req.actor).map((a) => delivery(a.name));
  await settle(r, req.command, others, [delivery(req.actor)]);
}
