/**
 * How the fan-out workload joins, sends and recognises its own messages on each API it supports. A message carries
 * a Stamp: the sender's sequence number and send time, and `last` on the final one so receivers can count the tail
 * they missed. Sender and receivers must share a clock (one k6 machine) for the latency to mean anything.
 */
import type { Namespace } from "./socketio.ts";

export interface Stamp {
  seq: number;
  sentAt: number;
  last: boolean;
}

export interface FanOutApi {
  /** Makes the socket a receiver (or a sender) in the broadcast group, then calls `ready`, or `failed` with why. */
  join(ns: Namespace, name: string, ready: () => void, failed: (why: string) => void): void;
  /** Sends one stamped message to the group; `done` when the server has taken it (ack or `success`). */
  send(ns: Namespace, stamp: Stamp, done: (ok: boolean) => void): void;
  /** The pushed event receivers listen to, and the stamp in its payload when it is one of ours. */
  readonly event: string;
  stampOf(payload: unknown): Stamp | undefined;
}

const FANOUT_COMMAND = "volley-fanout";
const ACK_TIMEOUT_MS = 5_000;

function isStamp(value: unknown): value is Stamp {
  const s = value as Partial<Stamp> | null | undefined;
  return typeof s?.seq === "number" && typeof s.sentAt === "number" && typeof s.last === "boolean";
}

/** command-network.md: `register({name})`, then `command({command, meta, target: null})` broadcasts to the others. */
export const commandNetwork: FanOutApi = {
  join(ns, name, ready, failed) {
    ns.emitWithAck("register", [{ name }], ACK_TIMEOUT_MS, (outcome) => {
      const ack = outcome.ok ? (outcome.args[0] as { success?: unknown } | undefined) : undefined;
      if (ack?.success === true) ready();
      else failed(outcome.ok ? `register answered ${JSON.stringify(ack)}` : outcome.reason);
    });
  },
  send(ns, stamp, done) {
    const request = { command: FANOUT_COMMAND, meta: stamp, target: null, mirror: false };
    ns.emitWithAck("command", [request], ACK_TIMEOUT_MS, (outcome) =>
      done(outcome.ok && (outcome.args[0] as { success?: unknown } | undefined)?.success === true),
    );
  },
  event: "command",
  stampOf(payload) {
    const p = payload as { command?: unknown; meta?: unknown } | undefined;
    return p?.command === FANOUT_COMMAND && isStamp(p.meta) ? p.meta : undefined;
  },
};

/**
 * circles-chat.md: `authenticate({token})`, `join_conversation({conversation_id})`, each answered `success` or
 * `error` (no acks); `message({conversation_id, text_message})` reaches the room as `message` with the text in
 * `message.content` (reference server), where the stamp travels as JSON.
 */
export function circlesChat(token: string, conversationId: number): FanOutApi {
  return {
    join(ns, _name, ready, failed) {
      const steps = [
        () => ns.emit("authenticate", { token }),
        () => ns.emit("join_conversation", { conversation_id: conversationId }),
        ready,
      ];
      let step = 0;
      ns.on("success", () => {
        if (step < steps.length) steps[step++]?.();
      });
      ns.on("error", (why) => {
        if (step < steps.length) failed(String(why));
        step = steps.length;
      });
      steps[step++]?.();
    },
    send(ns, stamp, done) {
      done(ns.emit("message", { conversation_id: conversationId, text_message: JSON.stringify(stamp) }));
    },
    event: "message",
    stampOf(payload) {
      const content = (payload as { message?: { content?: unknown } } | undefined)?.message?.content;
      if (typeof content !== "string" || !content.startsWith("{")) return undefined;
      try {
        const value: unknown = JSON.parse(content);
        return isStamp(value) ? value : undefined;
      } catch {
        // Someone else's message in the same conversation: not part of the measurement.
        return undefined;
      }
    },
  };
}
