import type fc from "fast-check";
import type { EntityId } from "../fixtures.js";
import {
  type ChatModel,
  type ChatReal,
  clientOf,
  expectAnswer,
  hasJoined,
  isMember,
  type RoomKind,
  setJoined,
  settle,
} from "./chat-model.js";

const KEY = { conversation: "conversation_id", circle: "circle_id" } as const;

/**
 * `join_<kind>`: a member is answered `success` and is in the room. Whether anyone else may join is not the
 * document's (refusing them is REAL-SERVERS.md's fact, D14, checked at `should` level by rooms.join-*-non-member):
 * a non-member may be answered either way, and is in the room exactly when it was answered `success`.
 */
export class JoinRoom implements fc.AsyncCommand<ChatModel, ChatReal> {
  constructor(
    readonly kind: RoomKind,
    readonly actor: string,
    readonly id: EntityId,
  ) {}
  check = () => true;
  async run(m: ChatModel, r: ChatReal) {
    clientOf(r, this.actor).emit(`join_${this.kind}`, { [KEY[this.kind]]: this.id });
    const member = isMember(m, this.kind, this.id, this.actor);
    const got = await expectAnswer(r, this.toString(), this.actor, member ? ["success"] : ["success", "error"]);
    if (got.event === "success") setJoined(m, this.kind, this.id, this.actor, true);
    await settle(r, this.toString(), [], [], { roundTrip: false });
  }
  toString = () => `${this.actor}.join_${this.kind}(${this.id})`;
}

/** `leave_<kind>`: `success` after a join; leaving a room one is not in may be answered either way (D14). */
export class LeaveRoom implements fc.AsyncCommand<ChatModel, ChatReal> {
  constructor(
    readonly kind: RoomKind,
    readonly actor: string,
    readonly id: EntityId,
  ) {}
  check = () => true;
  async run(m: ChatModel, r: ChatReal) {
    clientOf(r, this.actor).emit(`leave_${this.kind}`, { [KEY[this.kind]]: this.id });
    const joined = hasJoined(m, this.kind, this.id, this.actor);
    await expectAnswer(r, this.toString(), this.actor, joined ? ["success"] : ["success", "error"]);
    setJoined(m, this.kind, this.id, this.actor, false);
    await settle(r, this.toString(), [], [], { roundTrip: false });
  }
  toString = () => `${this.actor}.leave_${this.kind}(${this.id})`;
}
