import type fc from "fast-check";
import type { EntityId } from "../fixtures.js";
import { messageProblems } from "../payloads.js";
import type { ChatModel, ChatReal } from "./chat-model.js";
import { sendToRoom } from "./room-broadcast.js";

/** `message` with a text: the others in the room get it with status "done" and that text as its content. */
export class SendMessage implements fc.AsyncCommand<ChatModel, ChatReal> {
  constructor(
    readonly actor: string,
    readonly conversation: EntityId,
    readonly text: string,
  ) {}
  check = () => true;
  run(m: ChatModel, r: ChatReal) {
    const conversation_id = this.conversation;
    const want = { conversation_id, status: "done" as const, content: this.text };
    return sendToRoom(m, r, {
      command: this.toString(),
      actor: this.actor,
      conversation_id,
      event: "message",
      payload: { conversation_id, text_message: this.text },
      problems: (p) => messageProblems(p, want),
    });
  }
  toString = () => `${this.actor}.message(${this.conversation}, ${JSON.stringify(this.text)})`;
}
