import type fc from "fast-check";
import type { EntityId } from "../fixtures.js";
import { writingProblems } from "../payloads.js";
import type { ChatModel, ChatReal } from "./chat-model.js";
import { sendToRoom } from "./room-broadcast.js";

/** `writing`: the others in the room get `{conversation_id, device, user?, is_writing}`. */
export class SendWriting implements fc.AsyncCommand<ChatModel, ChatReal> {
  constructor(
    readonly actor: string,
    readonly conversation: EntityId,
    readonly isWriting: boolean,
  ) {}
  check = () => true;
  run(m: ChatModel, r: ChatReal) {
    const conversation_id = this.conversation;
    const writer = m.actors.find((a) => a.name === this.actor);
    const want = {
      conversation_id,
      is_writing: this.isWriting,
      device: writer?.device === true,
      ...(writer?.email === undefined ? {} : { email: writer.email }),
    };
    return sendToRoom(m, r, {
      command: this.toString(),
      actor: this.actor,
      conversation_id,
      event: "writing",
      payload: { conversation_id, is_writing: this.isWriting },
      problems: (p) => writingProblems(p, want),
    });
  }
  toString = () => `${this.actor}.writing(${this.conversation}, ${this.isWriting})`;
}
