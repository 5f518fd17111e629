import type fc from "fast-check";
import { writingProblems } from "../payloads.js";
import { type ChatModel, type ChatReal, clientOf, expectAnswer, hasJoined, settle } from "./chat-model.js";
import { roomDeliveries } from "./send-message.js";

/** `writing`: answered like `message`; the others in the room get `{conversation_id, device, user?, is_writing}`. */
export class SendWriting implements fc.AsyncCommand<ChatModel, ChatReal> {
  constructor(
    readonly actor: string,
    readonly conversation: number,
    readonly isWriting: boolean,
  ) {}
  check = () => true;
  async run(m: ChatModel, r: ChatReal) {
    const conversation_id = this.conversation;
    clientOf(r, this.actor).emit("writing", { conversation_id, is_writing: this.isWriting });
    // Only a sender in the room must be accepted; refusing the others (non-members above all) is D11's choice,
    // checked at `should` level by circles-chat.messages.non-member-send-refused.
    const inRoom = hasJoined(m, "conversation", conversation_id, this.actor);
    const got = await expectAnswer(r, this.toString(), this.actor, inRoom ? ["success"] : ["success", "error"]);
    if (got.event !== "success") return settle(r, this.toString(), []);
    const writer = m.actors.find((a) => a.name === this.actor);
    const want = {
      conversation_id,
      is_writing: this.isWriting,
      device: writer?.device === true,
      ...(writer?.email === undefined ? {} : { email: writer.email }),
    };
    const { required, optional } = roomDeliveries(m, conversation_id, this.actor, "writing", (p) =>
      writingProblems(p, want),
    );
    await settle(r, this.toString(), required, optional);
  }
  toString = () => `${this.actor}.writing(${this.conversation}, ${this.isWriting})`;
}
