import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { listenOnLoopback } from "../../support/loopback.js";
import { answerLater } from "./answer-later.js";

/** The part of a socket.io 2 server used here; socket.io-v2 ships no types. */
export interface V2Socket {
  on(event: string, fn: (data: unknown) => void): void;
  emit(event: string, payload: unknown): void;
  /** Sends a raw packet: the only way a 2.x server sends an event named `error`, which its emit keeps local. */
  packet(packet: { type: number; data: unknown[] }): void;
  join(room: string): void;
  leave(room: string): void;
  rooms: Record<string, string>;
  /** A packet middleware: sees every incoming event, `[name, ...args]`, before its handler. */
  use(fn: (packet: unknown[], next: () => void) => void): void;
}
export interface V2Io {
  on(event: "connection", fn: (socket: V2Socket) => void): void;
  close(): void;
}

type Who = { readonly kind: "user" | "device"; readonly id: string; readonly email?: string };

const SECRET = randomBytes(32);
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
const sign = (data: string) => createHmac("sha512", SECRET).update(data).digest("base64url");

/** HS512 JWTs whose one claim `sub` reads `user:<id>` or `device:<id>`: other claims and another algorithm. */
export function tokenFor(sub: string, expiresInSeconds = 3_600): string {
  const data = `${b64({ alg: "HS512", typ: "JWT" })}.${b64({ sub, exp: Math.floor(Date.now() / 1000) + expiresInSeconds })}`;
  return `${data}.${sign(data)}`;
}

const [ADA, BO, CY] = [randomUUID(), randomUUID(), randomUUID()];
const USERS: readonly Who[] = [
  { kind: "user", id: ADA, email: "ada@indie.test" },
  { kind: "user", id: BO, email: "bo@indie.test" },
  { kind: "user", id: CY, email: "cy@indie.test" },
];
const PANEL = randomUUID();
const DEVICES: readonly Who[] = [{ kind: "device", id: PANEL }];
/** One conversation and one circle hold ada, bo and the device; cy belongs to neither. */
const MEMBERS = new Set([`user:${ADA}`, `user:${BO}`, `device:${PANEL}`]);
const CONVERSATION = randomUUID();
const CIRCLE = randomUUID();

/** The suite's fixtures for this server. */
export const CIRCLES_FIXTURES = {
  users: Object.fromEntries(
    USERS.map((u) => [u.email?.split("@")[0], { token: tokenFor(`user:${u.id}`), id: u.id, email: u.email }]),
  ),
  devices: { panel: { token: tokenFor(`device:${PANEL}`), id: PANEL } },
  conversations: [{ id: CONVERSATION, members: ["ada", "bo", "panel"] }],
  circles: [{ id: CIRCLE, members: ["ada", "bo", "panel"] }],
  expiredToken: tokenFor(`user:${ADA}`, -3_600),
  unknownConversationId: randomUUID(),
  unknownCircleId: randomUUID(),
};

function verify(token: unknown): Who | undefined {
  if (typeof token !== "string") return undefined;
  const [head, body, sig] = token.split(".");
  if (head === undefined || body === undefined || sig === undefined) return undefined;
  const want = Buffer.from(sign(`${head}.${body}`));
  if (want.length !== Buffer.from(sig).length || !timingSafeEqual(want, Buffer.from(sig))) return undefined;
  try {
    const { alg } = JSON.parse(Buffer.from(head, "base64url").toString()) as { alg?: unknown };
    const { sub, exp } = JSON.parse(Buffer.from(body, "base64url").toString()) as { sub?: unknown; exp?: unknown };
    if (alg !== "HS512" || typeof exp !== "number" || exp * 1000 < Date.now()) return undefined;
    return [...USERS, ...DEVICES].find((w) => `${w.kind}:${w.id}` === sub);
  } catch {
    return undefined;
  }
}

/** socket.io-parser's EVENT packet type. */
const EVENT_PACKET = 2;
const keyOf = (w: Who) => `${w.kind}:${w.id}`;
const asObject = (d: unknown) => (typeof d === "object" && d !== null ? (d as Record<string, unknown>) : {});

/**
 * A circles-chat server written from circles-chat.md (and REAL-SERVERS.md where it is silent) by someone who never
 * read the reference server: socket.io 2 like Flask-SocketIO 3, HS512 tokens with a `sub` claim, UUID ids,
 * its own success and error texts, `time` in epoch ms, the message author as `author`, the sender left out of its
 * own room broadcast, `writing` echoed to the writer too, leaving a room not joined an error, forwards on
 * `webrtc_config` only (the document's table), server lists with an extra field, and every answer 0-20 ms late.
 */
export async function startCirclesChatServer(): Promise<{ url: string; close(): Promise<void> }> {
  const http = createServer();
  const io = (createRequire(import.meta.url)("socket.io-v2") as (h: typeof http) => V2Io)(http);
  const later = answerLater();
  const sockets = new Map<V2Socket, Who | undefined>();

  /** Every authenticated socket in `room` but `except`, as Flask-SocketIO's emit(room=..., skip_sid=...). */
  const toRoom = (room: string, event: string, payload: unknown, except?: V2Socket) => {
    for (const s of sockets.keys()) if (s !== except && room in s.rooms) later(s, () => s.emit(event, payload));
  };
  const presence = (who: Who, event: "connect" | "disconnect") =>
    toRoom(
      `circle_${CIRCLE}`,
      "circle",
      who.kind === "user"
        ? { event, user: who.email, circle_id: CIRCLE }
        : { event: "device", type: event, device_id: who.id, circle_id: CIRCLE },
    );

  io.on("connection", (socket) => {
    sockets.set(socket, undefined);
    // Socket.IO 2 reserves `error` for the server side; Flask-SocketIO has no such rule, and the document answers on it.
    const reply = (event: "success" | "error", payload: unknown) =>
      later(socket, () => socket.packet({ type: EVENT_PACKET, data: [event, payload] }));
    const on = (event: string, fn: (data: Record<string, unknown>, me: Who) => void) =>
      socket.on(event, (data) => {
        const me = sockets.get(socket);
        if (me === undefined) return reply("error", `sign in before ${event}`);
        fn(asObject(data), me);
      });
    const room = (kind: "conversation" | "circle", id: unknown, me: Who) => {
      if (id !== (kind === "conversation" ? CONVERSATION : CIRCLE)) return { problem: `no ${kind} ${String(id)}` };
      if (!MEMBERS.has(keyOf(me))) return { problem: `you are not in ${kind} ${String(id)}` };
      return { name: `${kind}_${id}` };
    };

    socket.on("authenticate", (data) => {
      if (sockets.get(socket) !== undefined) return reply("error", "you are already signed in");
      const me = verify(asObject(data).token);
      if (me === undefined) return reply("error", "that token will not do");
      sockets.set(socket, me);
      reply("success", { signedInAs: keyOf(me) });
      if (MEMBERS.has(keyOf(me))) presence(me, "connect");
    });
    for (const kind of ["conversation", "circle"] as const) {
      on(`join_${kind}`, (data, me) => {
        const r = room(kind, data[`${kind}_id`], me);
        if (r.name === undefined) return reply("error", r.problem);
        socket.join(r.name);
        reply("success", { joined: r.name });
      });
      on(`leave_${kind}`, (data, me) => {
        const r = room(kind, data[`${kind}_id`], me);
        if (r.name === undefined) return reply("error", r.problem);
        if (!(r.name in socket.rooms)) return reply("error", `you had not joined ${r.name}`);
        socket.leave(r.name);
        reply("success", { left: r.name });
      });
    }
    on("message", (data, me) => {
      const r = room("conversation", data.conversation_id, me);
      if (r.name === undefined) return reply("error", r.problem);
      const files = Array.isArray(data.files) ? data.files.map(String) : [];
      const text = typeof data.text_message === "string" ? data.text_message : undefined;
      if (text === undefined && files.length === 0) return reply("error", "say something");
      const id = randomUUID();
      const message = { id, content: text ?? null, author: keyOf(me) };
      reply("success", { received: true, message_id: id });
      if (files.length > 0) {
        later(socket, () => socket.emit("media", { media_list: files, message_id: id }));
        return toRoom(r.name, "message", { conversation_id: CONVERSATION, message, status: "pending" }, socket);
      }
      const sender = me.kind === "user" ? { id: me.id, email: me.email } : { id: me.id, device: true };
      const sent = { conversation_id: CONVERSATION, message, time: Date.now(), sender, media_list: [], status: "done" };
      toRoom(r.name, "message", sent, socket);
    });
    on("writing", (data, me) => {
      const r = room("conversation", data.conversation_id, me);
      if (r.name === undefined) return reply("error", r.problem);
      if (typeof data.is_writing !== "boolean") return reply("error", "is_writing must be true or false");
      reply("success", { writing: data.is_writing });
      const who = me.kind === "user" ? { device: false, user: me.email } : { device: true };
      toRoom(r.name, "writing", { conversation_id: CONVERSATION, ...who, is_writing: data.is_writing });
    });
    on("webrtc_credentials", () =>
      later(socket, () => socket.emit("webrtc_config", { username: randomBytes(6).toString("hex"), password: "x" })),
    );
    for (const kind of ["stun", "turn"])
      on(`webrtc_${kind}_info`, () =>
        later(socket, () =>
          socket.emit("webrtc_config", [
            { domain: `${kind}.indie.test`, ip: "127.0.0.1", port: 3478, transport: "udp" },
          ]),
        ),
      );
    on("webrtc_forward", (data, me) => {
      const dest = [...USERS, ...DEVICES].find((w) =>
        "email" in data
          ? w.email === data.email
          : "user_id" in data
            ? w.kind === "user" && w.id === data.user_id
            : w.kind === "device" && w.id === data.device_id,
      );
      const targets = [...sockets].filter(([, w]) => dest !== undefined && w !== undefined && keyOf(w) === keyOf(dest));
      if (targets.length === 0) return reply("error", "nobody to forward to");
      const content = { sender_id: me.id, is_device: me.kind === "device", content: data };
      for (const [s] of targets) later(s, () => s.emit("webrtc_config", content));
      reply("success", { forwarded: targets.length });
    });
    socket.on("disconnect", () => {
      const me = sockets.get(socket);
      sockets.delete(socket);
      if (me !== undefined && MEMBERS.has(keyOf(me))) presence(me, "disconnect");
    });
  });

  return listenOnLoopback(http, io);
}
