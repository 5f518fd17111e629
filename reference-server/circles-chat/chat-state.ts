import type { Media, SimpleMessage, SimpleSender } from "../../protocols/circles-chat/index.js";
import type { CirclesChatFixtures } from "./fixtures.js";

export type User = CirclesChatFixtures["users"][number];
export type Device = CirclesChatFixtures["devices"][number];
export interface Circle {
  id: number;
  name: string;
  members: Set<number>;
}
export interface Conversation {
  id: number;
  circle_id: number;
  name: string;
  members: Set<number>;
  devices: Set<number>;
}
export interface StoredMessage {
  readonly conversation_id: number;
  readonly message: SimpleMessage;
  readonly sender: SimpleSender;
  /** Media still awaiting upload; the message is `pending` while this is not empty (DECISIONS.md D22). */
  readonly pending: Map<number, Media>;
  readonly media: Media[];
}

/** Who a socket is once authenticated: a user or a device (circles-chat.md § Authentication). */
export type Identity = { kind: "user"; id: number } | { kind: "device"; id: number };

/** The next free integer id of a table (DECISIONS.md D2). */
class Serial {
  private last: number;
  constructor(existing: Iterable<number>) {
    this.last = Math.max(0, ...existing);
  }
  next(): number {
    this.last += 1;
    return this.last;
  }
}

/**
 * Everything the chat knows, in memory. Messages are kept per conversation up to `messagesPerConversation`
 * (DECISIONS.md D20), so memory stays bounded whatever clients send.
 */
export class ChatState {
  readonly users = new Map<number, User>();
  readonly devices = new Map<number, Device>();
  readonly circles = new Map<number, Circle>();
  readonly conversations = new Map<number, Conversation>();
  /** Message id → message, in insertion order; at most `messagesPerConversation` per conversation. */
  readonly messages = new Map<number, StoredMessage>();
  /** Media id → message id, for the pending uploads of kept messages. */
  readonly mediaOwner = new Map<number, number>();
  private readonly messageIds = new Map<number, number[]>();
  readonly ids: Record<"user" | "device" | "circle" | "conversation" | "message" | "media", Serial>;

  constructor(
    fixtures: CirclesChatFixtures,
    private readonly messagesPerConversation: number,
  ) {
    for (const u of fixtures.users) this.users.set(u.id, { ...u });
    for (const d of fixtures.devices) this.devices.set(d.id, { ...d });
    for (const c of fixtures.circles) this.circles.set(c.id, { id: c.id, name: c.name, members: new Set(c.members) });
    for (const c of fixtures.conversations) {
      this.conversations.set(c.id, { ...c, members: new Set(c.members), devices: new Set(c.devices) });
    }
    this.ids = {
      user: new Serial(this.users.keys()),
      device: new Serial(this.devices.keys()),
      circle: new Serial(this.circles.keys()),
      conversation: new Serial(this.conversations.keys()),
      message: new Serial([]),
      media: new Serial([]),
    };
  }

  userByEmail(email: string): User | undefined {
    for (const u of this.users.values()) if (u.email === email) return u;
    return undefined;
  }

  /** The circles whose room a client's presence is announced in (DECISIONS.md D13). */
  circlesOf(who: Identity): number[] {
    if (who.kind === "device") {
      const device = this.devices.get(who.id);
      return device ? [device.circle_id] : [];
    }
    return [...this.circles.values()].filter((c) => c.members.has(who.id)).map((c) => c.id);
  }

  /** Membership as joining and sending require it (DECISIONS.md D11, D14). */
  inConversation(who: Identity, conversation: Conversation): boolean {
    return who.kind === "user" ? conversation.members.has(who.id) : conversation.devices.has(who.id);
  }

  inCircle(who: Identity, circle: Circle): boolean {
    if (who.kind === "user") return circle.members.has(who.id);
    const device = this.devices.get(who.id);
    return device?.access === true && device.circle_id === circle.id;
  }

  /** Stores a message, forgetting the oldest of its conversation beyond the bound. */
  addMessage(stored: StoredMessage): void {
    this.messages.set(stored.message.id, stored);
    for (const m of stored.pending.keys()) this.mediaOwner.set(m, stored.message.id);
    const ids = this.messageIds.get(stored.conversation_id) ?? [];
    ids.push(stored.message.id);
    this.messageIds.set(stored.conversation_id, ids);
    while (ids.length > this.messagesPerConversation) {
      const old = ids.shift();
      if (old === undefined) break;
      for (const m of this.messages.get(old)?.pending.keys() ?? []) this.mediaOwner.delete(m);
      this.messages.delete(old);
    }
  }

  deleteMessage(id: number): StoredMessage | undefined {
    const stored = this.messages.get(id);
    if (!stored) return undefined;
    this.messages.delete(id);
    for (const m of stored.pending.keys()) this.mediaOwner.delete(m);
    const ids = this.messageIds.get(stored.conversation_id) ?? [];
    ids.splice(ids.indexOf(id), 1);
    return stored;
  }
}
