import type fc from "fast-check";
import { messageProblems } from "../payloads.js";
import {
  type ChatModel,
  type ChatReal,
  clientOf,
  type Delivery,
  expectAnswer,
  hasJoined,
  settle,
} from "./chat-model.js";

/**
 * Deliveries of a room broadcast: every other actor in the room must get it, the sender may (Flask-SocketIO
 * includes the caller, DECISIONS.md D11/D12 differ), nobody else.
 */
export function roomDeliveries(
  m: ChatModel,
  conversation: number,
  sender: string,
  event: string,
  problems: (p: unknown) => string[],
) {
  const inRoom = m.actors.filter((a) => hasJoined(m, "conversation", conversation, a.name)).map((a) => a.name);
  const delivery = (to: string): Delivery => ({ to, events: [event], problems });
  return { required: inRoom.filter((n) => n !== sender).map(delivery), optional: [delivery(sender)] };
}

/**
 * `message`: a sender in the room is answered `success`; once accepted, the others in the room get the message
 * and nobody else does; once refused, nobody gets anything.
 */
export class SendMessage implements fc.AsyncCommand<ChatModel, ChatReal> {
  constructor(
    readonly actor: string,
    readonly conversation: number,
    readonly text: string,
  ) {}
  check = () => true;
  async run(m: ChatModel, r: ChatReal) {
    const conversation_id = this.conversation;
    clientOf(r, this.actor).emit("message", { conversation_id, text_message: this.text });
    // Only a sender in the room must be accepted; refusing the others (non-members above all) is D11's choice,
    // checked at `should` level by circles-chat.messages.non-member-send-refused.
    const inRoom = hasJoined(m, "conversation", conversation_id, this.actor);
    const got = await expectAnswer(r, this.toString(), this.actor, inRoom ? ["success"] : ["success", "error"]);
    if (got.event !== "success") return settle(r, this.toString(), []);
    const want = { conversation_id, status: "done" as const, content: this.text };
    const { required, optional } = roomDeliveries(m, conversation_id, this.actor, "message", (p) =>
      messageProblems(p, want),
    );
    await settle(r, this.toString(), required, optional);
  }
  toString = () => `${this.actor}.message(${this.conversation}, ${JSON.stringify(this.text)})`;
}
