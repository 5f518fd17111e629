import type fc from "fast-check";
import { forwardProblems } from "../payloads.js";
import { type ChatModel, type ChatReal, clientOf, type Delivery, expectAnswer, settle } from "./chat-model.js";

/**
 * `webrtc_forward` to another connected actor named by `user_id`, `email` or `device_id`: the sender is answered
 * `success`; the destination gets `{sender_id, is_device, content}` on webrtc_forward or webrtc_config (either,
 * or both: DECISIONS.md D9); nobody else gets it.
 */
export class Forward implements fc.AsyncCommand<ChatModel, ChatReal> {
  constructor(
    readonly actor: string,
    readonly destination: string,
    readonly address: Readonly<Record<string, unknown>>,
    readonly signal: string,
  ) {}
  check = (m: Readonly<ChatModel>) => this.actor !== this.destination && m.actors.length > 1;
  async run(m: ChatModel, r: ChatReal) {
    const content = { ...this.address, signal: this.signal };
    clientOf(r, this.actor).emit("webrtc_forward", content);
    await expectAnswer(r, this.toString(), this.actor, ["success"]);
    const sender = m.actors.find((a) => a.name === this.actor);
    const want = {
      content,
      is_device: sender?.device === true,
      ...(sender?.id === undefined ? {} : { sender_id: sender.id }),
    };
    const delivery: Delivery = {
      to: this.destination,
      events: ["webrtc_forward", "webrtc_config"],
      problems: (p) => forwardProblems(p, want),
    };
    await settle(r, this.toString(), [delivery], [delivery]);
  }
  toString = () => `${this.actor}.webrtc_forward(${JSON.stringify(this.address)} = ${this.destination})`;
}
