import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { listenOnLoopback } from "../../support/loopback.js";
import { answerLater } from "../independent/answer-later.js";
import type { V2Io, V2Socket } from "../independent/circles-chat-server.js";
import { adminRoutes } from "./variation-admin.js";
import { EVERYONE, initialMembers, verify, type Who } from "./variation-world.js";

/** Defects a test can plant, each of which a fitting `must` check has to catch. */
export const VARIATION_DEFECTS = {
  /** leave_conversation answers success but the socket stays in the room. */
  leaveKeepsRoom: "leave-keeps-room",
  /** An unsigned `alg: none` token is accepted. */
  algNoneAccepted: "alg-none-accepted",
  /** A forward reaches every authenticated socket. */
  forwardToEveryone: "forward-to-everyone",
  /** A user's writing push leaves out `user`. */
  writingWithoutUser: "writing-without-user",
} as const;
export type VariationDefect = (typeof VARIATION_DEFECTS)[keyof typeof VARIATION_DEFECTS];

/** socket.io-parser's EVENT packet type. */
const EVENT_PACKET = 2;
const asObject = (d: unknown) => (typeof d === "object" && d !== null ? (d as Record<string, unknown>) : {});
const roomName = (id: string) => `room:${id}`;

/** What the admin routes (the trigger) need of the running server. */
export interface VariationState {
  readonly members: Map<string, Set<string>>;
  /** Every connected socket, with its identity once authenticated. */
  readonly sockets: Map<V2Socket, Who | undefined>;
  /** Message id → its conversation, text and media not yet uploaded. */
  readonly messages: Map<string, { conversation: string; text?: string; media: { id: string; file: string }[] }>;
  readonly uploaded: Set<string>;
  toRoom(id: string, event: string, payload: unknown, except?: V2Socket): void;
  toIdentity(whoId: string, event: string, payload: unknown): void;
}

/**
 * A circles-chat server written from circles-chat.md that makes the OTHER choice wherever the document lets it
 * (protocols/circles-chat/DECISIONS.md): socket.io 2 like Flask-SocketIO; string ids and HS384 `sub` tokens (D2, D3);
 * error answers are objects `{code, message}` with its own texts, success answers objects (D4, D5); unknown events
 * answered on error (D1); unauthenticated requests answered `{code}` (D6); a message's content `{key, body}`, its
 * `time` in whole epoch seconds, its `sender` an email or device name (D7); conversation events keyed `id` (D8);
 * forwards on webrtc_config only (D9); the sender must have joined the room to send and is left out of its own
 * broadcast (D11); writing echoed to the writer (D12); presence to every socket of the circle's members, the mover
 * too (D13); non-members may join rooms, leaving a room not joined is an error (D14); a second authenticate switches
 * identity (D15); TURN credentials as a number and a null with a ttl (D17); STUN/TURN lists under one key, without
 * `ip` (D18); a `welcome` event on connect and extra fields everywhere. Every answer is 0-20 ms late.
 */
export async function startVariationServer(defect?: VariationDefect): Promise<{ url: string; close(): Promise<void> }> {
  const later = answerLater();
  const state: VariationState = {
    members: initialMembers(),
    sockets: new Map(),
    messages: new Map(),
    uploaded: new Set(),
    toRoom: (id, event, payload, except) => {
      for (const s of state.sockets.keys())
        if (s !== except && roomName(id) in s.rooms) later(s, () => s.emit(event, payload));
    },
    toIdentity: (whoId, event, payload) => {
      for (const [s, w] of state.sockets) if (w?.id === whoId) later(s, () => s.emit(event, payload));
    },
  };
  const http = createServer(adminRoutes(state));
  const io = (createRequire(import.meta.url)("socket.io-v2") as (h: typeof http) => V2Io)(http);
  let nextId = 0;
  const newId = (prefix: string) => `${prefix}-${(nextId++).toString(36)}-${randomBytes(2).toString("hex")}`;

  /** D13's other choice: every socket of every member of the circle hears it, joined or not, the mover too. */
  const presence = (who: Who, event: "connect" | "disconnect") => {
    for (const [circle, ids] of state.members) {
      if (!circle.startsWith("circle") || !ids.has(who.id)) continue;
      const payload =
        who.kind === "user"
          ? { event, user: who.email, circle_id: circle, at: Date.now() }
          : { event: "device", type: event, device_id: who.id, circle_id: circle };
      for (const [s, w] of state.sockets)
        if (w !== undefined && ids.has(w.id)) later(s, () => s.emit("circle", payload));
    }
  };

  io.on("connection", (socket) => {
    state.sockets.set(socket, undefined);
    later(socket, () => socket.emit("welcome", { server: "variation", sid: newId("sid") }));
    const reply = (event: "success" | "error", payload: unknown) =>
      later(socket, () => socket.packet({ type: EVENT_PACKET, data: [event, payload] }));
    const refuse = (code: string, message: string) => reply("error", { code, message });
    const listed = new Set<string>(["authenticate", "disconnect"]);
    const on = (event: string, fn: (data: Record<string, unknown>, me: Who) => void) => {
      listed.add(event);
      socket.on(event, (data) => {
        const me = state.sockets.get(socket);
        if (me === undefined) return refuse("unauthenticated", `${event} needs authenticate first`);
        fn(asObject(data), me);
      });
    };
    /** A room that exists; anyone signed in may enter it (D14's other choice). */
    const existing = (kind: "conversation" | "circle", id: unknown) =>
      typeof id === "string" && id.startsWith(kind === "conversation" ? "conv" : "circle") && state.members.has(id)
        ? id
        : undefined;

    socket.on("authenticate", (data) => {
      const me = verify(asObject(data).token, defect === VARIATION_DEFECTS.algNoneAccepted);
      if (me === undefined) return refuse("bad-token", "token rejected");
      const before = state.sockets.get(socket);
      state.sockets.set(socket, me);
      reply("success", { status: "ok", identity: { kind: me.kind, id: me.id }, switched: before !== undefined });
      if (before === undefined) presence(me, "connect");
    });
    for (const kind of ["conversation", "circle"] as const) {
      on(`join_${kind}`, (data) => {
        const id = existing(kind, data[`${kind}_id`]);
        if (id === undefined) return refuse("not-found", `no such ${kind}`);
        socket.join(roomName(id));
        reply("success", { status: "joined", [`${kind}Id`]: id });
      });
      on(`leave_${kind}`, (data) => {
        const id = existing(kind, data[`${kind}_id`]);
        if (id === undefined) return refuse("not-found", `no such ${kind}`);
        if (!(roomName(id) in socket.rooms)) return refuse("not-joined", `you are not in ${kind} ${id}`);
        if (defect !== VARIATION_DEFECTS.leaveKeepsRoom || kind !== "conversation") socket.leave(roomName(id));
        reply("success", { status: "left" });
      });
    }
    on("message", (data, me) => {
      const id = existing("conversation", data.conversation_id);
      if (id === undefined) return refuse("not-found", "no such conversation");
      if (!(roomName(id) in socket.rooms)) return refuse("not-joined", "join the conversation to write in it");
      const { text_message: text, files = [] } = data;
      const fileList =
        Array.isArray(files) && files.every((f) => typeof f === "string" && f !== "") ? files : undefined;
      if ((text !== undefined && typeof text !== "string") || fileList === undefined)
        return refuse("bad-request", "text_message is a string, files a list of names");
      if (text === undefined && fileList.length === 0) return refuse("bad-request", "nothing to send");
      const messageId = newId("msg");
      const media = fileList.map((file) => ({ id: newId("media"), file }));
      state.messages.set(messageId, { conversation: id, ...(text === undefined ? {} : { text }), media });
      reply("success", { status: "stored", id: messageId });
      const message = { key: messageId, body: text ?? null, files: fileList.length };
      if (media.length > 0) {
        later(socket, () => socket.emit("media", { message_id: messageId, media_list: media, upload: "later" }));
        return state.toRoom(id, "message", { status: "pending", conversation_id: id, message }, socket);
      }
      const sender = me.email ?? me.name;
      const push = { status: "done", conversation_id: id, message, time: Math.floor(Date.now() / 1000), sender };
      state.toRoom(id, "message", { ...push, media_list: [], edited: false }, socket);
    });
    on("writing", (data, me) => {
      const id = existing("conversation", data.conversation_id);
      if (id === undefined) return refuse("not-found", "no such conversation");
      if (!(roomName(id) in socket.rooms)) return refuse("not-joined", "join the conversation first");
      if (typeof data.is_writing !== "boolean") return refuse("bad-request", "is_writing is a boolean");
      reply("success", { status: "sent" });
      const user = me.kind === "user" && defect !== VARIATION_DEFECTS.writingWithoutUser ? { user: me.email } : {};
      state.toRoom(id, "writing", {
        is_writing: data.is_writing,
        ...user,
        device: me.kind === "device",
        conversation_id: id,
        since: Date.now(),
      });
    });
    on("webrtc_credentials", (_data, me) =>
      later(socket, () =>
        socket.emit("webrtc_config", { username: Date.now(), password: null, ttl: 86_400, for: me.id }),
      ),
    );
    on("webrtc_stun_info", () =>
      later(socket, () => socket.emit("webrtc_config", { STUN: [{ domain: "stun.variation.test", port: 3478 }] })),
    );
    on("webrtc_turn_info", () =>
      later(socket, () =>
        socket.emit("webrtc_config", { TURN: [{ domain: "turn.variation.test", port: 5349, transport: "tls" }] }),
      ),
    );
    on("webrtc_forward", (data, me) => {
      const dest = EVERYONE.find((w) =>
        typeof data.device_id === "string"
          ? w.kind === "device" && w.id === data.device_id
          : typeof data.user_id === "string"
            ? w.kind === "user" && w.id === data.user_id
            : typeof data.email === "string" && w.email === data.email,
      );
      if (dest === undefined) return refuse("no-destination", "nobody by that name");
      const forward = { content: data, is_device: me.kind === "device", sender_id: me.id, via: "variation" };
      if (defect === VARIATION_DEFECTS.forwardToEveryone) {
        for (const [s, w] of state.sockets)
          if (w !== undefined && s !== socket) later(s, () => s.emit("webrtc_config", forward));
      } else state.toIdentity(dest.id, "webrtc_config", forward);
      reply("success", { status: "forwarded" });
    });
    // D1's other choice: an event the document does not list is answered on error, and the connection kept.
    socket.use((packet, next) => {
      if (!listed.has(String(packet[0]))) refuse("unknown-event", `no such channel ${String(packet[0])}`);
      next();
    });
    socket.on("disconnect", () => {
      const me = state.sockets.get(socket);
      state.sockets.delete(socket);
      if (me !== undefined) presence(me, "disconnect");
    });
  });

  return listenOnLoopback(http, io);
}
