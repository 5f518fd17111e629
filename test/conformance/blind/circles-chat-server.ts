/**
 * An independent Circles chat server written from protocols/seeds/circles-chat.md alone (issue 12), to check that
 * Volley's verdicts hold on a server Volley did not write. Socket.IO 2 (Flask-SocketIO 3 speaks Engine.IO 3).
 * Where the document is silent this server deliberately chooses differently from the real one: errors are objects
 * `{code, message, channel}`, successes are objects naming their channel, ids are integers, a second authenticate
 * re-authenticates, the sender's own socket is left out of room broadcasts, presence events fire on the first
 * connection and the last disconnection of an identity, and the forwarded WebRTC message arrives on `webrtc_config`
 * as the document's "Events Webrtc" table says.
 */
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { jwtVerify, SignJWT } from "jose";
import { listenOnLoopback } from "../../support/loopback.js";
import { adminRequest } from "./circles-chat-admin.js";

export interface V2Socket {
  id: string;
  connected: boolean;
  disconnect(close: boolean): void;
  /** Sends a raw packet: socket.io 2's `emit("error")` would fire locally instead of reaching the client. */
  packet(packet: { type: 2; data: unknown[] }): void;
  on(event: string, handler: (payload?: unknown) => void): void;
  emit(event: string, payload: unknown): void;
  join(room: string): void;
  leave(room: string): void;
  to(room: string): { emit(event: string, payload: unknown): void };
}
export interface V2Server {
  on(event: "connection", handler: (socket: V2Socket) => void): void;
  to(room: string): { emit(event: string, payload: unknown): void };
  close(done?: () => void): void;
}

const SECRET = new TextEncoder().encode("blind-circles-chat-secret");

interface User {
  id: number;
  email: string;
  firstName: string;
}
interface Device {
  id: number;
  name: string;
  circleId: number;
}
export interface Conversation {
  id: number;
  circleId: number;
  users: number[];
  devices: number[];
}

export const USERS: readonly User[] = [
  { id: 7, email: "ada@blind.test", firstName: "Ada" },
  { id: 8, email: "ben@blind.test", firstName: "Ben" },
  { id: 9, email: "cyd@blind.test", firstName: "Cyd" },
];
export const DEVICES: readonly Device[] = [
  { id: 70, name: "kitchen-screen", circleId: 40 },
  { id: 71, name: "hall-screen", circleId: 41 },
];
/** Circle id → member user ids; devices belong to the circle named on the device. */
const CIRCLES: ReadonlyArray<readonly [number, readonly number[]]> = [
  [40, [7, 8]],
  [41, [9]],
];
const CONVERSATIONS: readonly Readonly<Conversation>[] = [
  { id: 50, circleId: 40, users: [7, 8], devices: [70] },
  { id: 51, circleId: 40, users: [7], devices: [] },
  { id: 52, circleId: 41, users: [9], devices: [71] },
];

/** A message as the room got it, kept for the admin API's changes and uploads. */
export interface StoredMessage {
  conversationId: number;
  done: Record<string, unknown>;
  waitingFor: Set<number>;
}

/** What the REST side (circles-chat-admin.ts) changes: one server's memberships, sockets and messages. */
export interface ChatState {
  readonly circles: Map<number, number[]>;
  readonly conversations: Conversation[];
  readonly online: Map<string, Set<V2Socket>>;
  readonly messages: Map<number, StoredMessage>;
}

function freshState(): ChatState {
  return {
    circles: new Map(CIRCLES.map(([id, members]) => [id, [...members]])),
    conversations: CONVERSATIONS.map((c) => ({ ...c, users: [...c.users], devices: [...c.devices] })),
    online: new Map(),
    messages: new Map(),
  };
}

/** Wire errors: a code table, sent as `{code, message, channel}` on the `error` channel. */
const ERRORS = {
  invalid_payload: "the request must be a JSON object",
  invalid_token: "the token is not a valid user or device token",
  not_authenticated: "authenticate first",
  missing_parameter: "a required parameter is missing or has the wrong type",
  unknown_conversation: "no such conversation",
  unknown_circle: "no such circle",
  not_a_member: "you are not a member of it",
  unknown_recipient: "no such user or device",
} as const;
type ErrorCode = keyof typeof ERRORS;

/**
 * Departures from the document that can be planted, one at a time, to see that the suite catches each
 * (test/conformance/blind/circles-chat.test.ts).
 */
export const DEPARTURES = [
  "expired-token-accepted",
  "leave-ignored",
  "done-without-time",
  "media-missing",
  "writing-without-device",
  "stun-without-port",
  "forward-on-webrtc-forward",
  "forward-to-everyone",
  "conversation-event-without-id",
] as const;
export type Departure = (typeof DEPARTURES)[number];

type Identity = { kind: "user"; user: User } | { kind: "device"; device: Device };

/** What the suite needs to know, in the format docs/conformance-circles-chat.md gives for `--fixtures`. */
export interface BlindFixtures {
  readonly users: Record<string, { token: string; id: number; email: string }>;
  readonly devices: Record<string, { token: string; id: number }>;
  readonly conversations: ReadonlyArray<{ id: number; members: string[] }>;
  readonly circles: ReadonlyArray<{ id: number; members: string[] }>;
  readonly expiredToken: string;
  readonly unknownConversationId: number;
  readonly unknownCircleId: number;
  readonly unknownEmail: string;
  /** This server itself: circles-chat-admin.ts answers the suite's trigger. */
  readonly adminUrl: string;
}

function sign(subject: string, expiresAt: number): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime(expiresAt)
    .sign(SECRET);
}

/** Names the three users and the device of circle 40; device 71 stays unnamed (it would be a member of 52). */
async function makeFixtures(adminUrl: string): Promise<BlindFixtures> {
  const inAnHour = Math.floor(Date.now() / 1000) + 3600;
  const names = new Map<string, string>([
    ["user:7", "ada"],
    ["user:8", "ben"],
    ["user:9", "cyd"],
    ["device:70", "kitchen"],
  ]);
  const users: BlindFixtures["users"] = {};
  for (const user of USERS) {
    const name = names.get(`user:${user.id}`) as string;
    users[name] = { token: await sign(`user:${user.id}`, inAnHour), id: user.id, email: user.email };
  }
  const memberNames = (keys: string[]) => keys.flatMap((key) => names.get(key) ?? []);
  return {
    users,
    devices: { kitchen: { token: await sign("device:70", inAnHour), id: 70 } },
    conversations: CONVERSATIONS.map((c) => ({
      id: c.id,
      members: memberNames([...c.users.map((u) => `user:${u}`), ...c.devices.map((d) => `device:${d}`)]),
    })),
    circles: CIRCLES.map(([id, members]) => ({
      id,
      members: memberNames([
        ...members.map((u) => `user:${u}`),
        ...DEVICES.filter((d) => d.circleId === id).map((d) => `device:${d.id}`),
      ]),
    })),
    expiredToken: await sign("user:7", Math.floor(Date.now() / 1000) - 60),
    unknownConversationId: 5999,
    unknownCircleId: 4999,
    unknownEmail: "nobody@blind.test",
    adminUrl,
  };
}

async function identify(token: unknown, departure?: Departure): Promise<Identity | undefined> {
  if (typeof token !== "string") return undefined;
  try {
    // Verifying as of 1970 is the planted departure that lets an expired token in.
    const clock = departure === "expired-token-accepted" ? { currentDate: new Date(0) } : {};
    const { payload } = await jwtVerify(token, SECRET, clock);
    const [kind, id] = (payload.sub ?? "").split(":");
    const user = kind === "user" ? USERS.find((u) => u.id === Number(id)) : undefined;
    if (user) return { kind: "user", user };
    const device = kind === "device" ? DEVICES.find((d) => d.id === Number(id)) : undefined;
    return device ? { kind: "device", device } : undefined;
  } catch {
    // jose throws for a bad signature, a malformed token and an expired one alike: each is an invalid token.
    return undefined;
  }
}

/** An id parameter: an integer, or a string of digits (a form client often sends ids as text). */
function idOf(payload: Record<string, unknown>, key: string): number | undefined {
  const value = payload[key];
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value === "string" && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

function circlesOf(state: ChatState, who: Identity): number[] {
  if (who.kind === "device") return [who.device.circleId];
  return [...state.circles].filter(([, members]) => members.includes(who.user.id)).map(([id]) => id);
}

function inConversation(who: Identity, conversation: Conversation): boolean {
  return who.kind === "user" ? conversation.users.includes(who.user.id) : conversation.devices.includes(who.device.id);
}

function keyOf(who: Identity): string {
  return who.kind === "user" ? `user:${who.user.id}` : `device:${who.device.id}`;
}

/** `socket.client.getSimpleContent()` in the document: who sent a message. */
function simpleContent(who: Identity): Record<string, unknown> {
  return who.kind === "user"
    ? { id: who.user.id, email: who.user.email, first_name: who.user.firstName }
    : { id: who.device.id, name: who.device.name, is_device: true };
}

/** The document's Circle Events for presence; each carries the circle id ("Each json contains the circle id"). */
function presenceEvent(who: Identity, type: "connect" | "disconnect"): Record<string, unknown> {
  return who.kind === "user"
    ? { event: type, user: who.user.email }
    : { event: "device", type, device_id: who.device.id };
}

const STUN = [{ domain: "stun.blind.test", ip: "127.0.0.1", port: 3478 }];
const TURN = [{ domain: "turn.blind.test", ip: "127.0.0.1", port: 5349 }];

function serve(io: V2Server, state: ChatState, departure?: Departure): void {
  const online = state.online;
  let nextMessageId = 900;

  io.on("connection", (socket) => {
    let who: Identity | undefined;
    const fail = (channel: string, code: ErrorCode) =>
      socket.packet({ type: 2, data: ["error", { code, message: ERRORS[code], channel }] });
    const succeed = (channel: string, details: Record<string, unknown> = {}) =>
      socket.emit("success", { channel, ...details });

    const announce = (identity: Identity, type: "connect" | "disconnect") => {
      for (const circleId of circlesOf(state, identity)) {
        socket.to(`circle:${circleId}`).emit("circle", { ...presenceEvent(identity, type), circle_id: circleId });
      }
    };
    const goOnline = (identity: Identity) => {
      const sockets = online.get(keyOf(identity)) ?? new Set();
      sockets.add(socket);
      online.set(keyOf(identity), sockets);
      if (sockets.size === 1) announce(identity, "connect");
    };
    const goOffline = (identity: Identity) => {
      const sockets = online.get(keyOf(identity));
      sockets?.delete(socket);
      if (sockets?.size === 0) {
        online.delete(keyOf(identity));
        announce(identity, "disconnect");
      }
    };

    /** Every channel with parameters answers `error` or `success` (Listened Channels): this wraps the common part. */
    const on = (
      channel: string,
      handle: (payload: Record<string, unknown>, identity: Identity) => void,
      needsPayload = true,
    ) =>
      socket.on(channel, (payload) => {
        if (!who) return fail(channel, "not_authenticated");
        if (!needsPayload) return handle({}, who);
        if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
          return fail(channel, "invalid_payload");
        }
        handle(payload as Record<string, unknown>, who);
      });

    const conversationFor = (
      channel: string,
      payload: Record<string, unknown>,
      identity: Identity,
    ): Conversation | undefined => {
      const id = idOf(payload, "conversation_id");
      if (id === undefined) return void fail(channel, "missing_parameter");
      const conversation = state.conversations.find((c) => c.id === id);
      if (!conversation) return void fail(channel, "unknown_conversation");
      if (!inConversation(identity, conversation)) return void fail(channel, "not_a_member");
      return conversation;
    };
    const circleFor = (channel: string, payload: Record<string, unknown>, identity: Identity) => {
      const id = idOf(payload, "circle_id");
      if (id === undefined) return void fail(channel, "missing_parameter");
      if (!state.circles.has(id)) return void fail(channel, "unknown_circle");
      if (!circlesOf(state, identity).includes(id)) return void fail(channel, "not_a_member");
      return id;
    };

    socket.on("authenticate", async (payload) => {
      if (typeof payload !== "object" || payload === null) return fail("authenticate", "invalid_payload");
      const identity = await identify((payload as Record<string, unknown>).token, departure);
      if (!identity) return fail("authenticate", "invalid_token");
      // A second authenticate replaces the identity (the document does not forbid it): the old one goes offline.
      if (who && keyOf(who) !== keyOf(identity)) goOffline(who);
      if (!who || keyOf(who) !== keyOf(identity)) goOnline(identity);
      who = identity;
      succeed(
        "authenticate",
        identity.kind === "user" ? { user_id: identity.user.id } : { device_id: identity.device.id },
      );
    });

    socket.on("disconnect", () => {
      // The document's "disconnect" request: a client that sends it as an event (socket.io 2 delivers it to this
      // handler while still connected) is disconnected, which brings this handler back for the real close.
      if (socket.connected) return socket.disconnect(true);
      if (who) goOffline(who);
    });

    on("join_conversation", (payload, identity) => {
      const conversation = conversationFor("join_conversation", payload, identity);
      if (!conversation) return;
      socket.join(`conversation:${conversation.id}`);
      succeed("join_conversation", { conversation_id: conversation.id });
    });
    on("leave_conversation", (payload, identity) => {
      const conversation = conversationFor("leave_conversation", payload, identity);
      if (!conversation) return;
      if (departure !== "leave-ignored") socket.leave(`conversation:${conversation.id}`);
      succeed("leave_conversation", { conversation_id: conversation.id });
    });
    on("join_circle", (payload, identity) => {
      const circleId = circleFor("join_circle", payload, identity);
      if (circleId === undefined) return;
      socket.join(`circle:${circleId}`);
      succeed("join_circle", { circle_id: circleId });
    });
    on("leave_circle", (payload, identity) => {
      const circleId = circleFor("leave_circle", payload, identity);
      if (circleId === undefined) return;
      socket.leave(`circle:${circleId}`);
      succeed("leave_circle", { circle_id: circleId });
    });

    on("message", (payload, identity) => {
      const conversation = conversationFor("message", payload, identity);
      if (!conversation) return;
      const text = payload.text_message;
      const files = payload.files;
      const filesOk =
        files === undefined || (Array.isArray(files) && files.every((f) => typeof f === "string" && f !== ""));
      if ((text !== undefined && typeof text !== "string") || !filesOk) return fail("message", "missing_parameter");
      const id = nextMessageId++;
      const sent = Math.floor(Date.now() / 1000);
      const message = { id, text_message: text ?? null, sent };
      const room = socket.to(`conversation:${conversation.id}`);
      const names = (files as string[] | undefined) ?? [];
      const mediaList = names.map((name, i) => ({ id: id * 100 + i, name }));
      const done = {
        conversation_id: conversation.id,
        message,
        ...(departure === "done-without-time" ? {} : { time: sent }),
        sender: simpleContent(identity),
        media_list: mediaList,
        status: "done",
      };
      state.messages.set(id, {
        conversationId: conversation.id,
        done,
        waitingFor: new Set(mediaList.map((m) => m.id)),
      });
      if (names.length > 0) {
        // Files are uploaded over the REST API (circles-chat-admin.ts): the message is pending until the last one.
        room.emit("message", { conversation_id: conversation.id, message, status: "pending" });
        if (departure !== "media-missing") socket.emit("media", { media_list: mediaList, message_id: id });
      } else {
        room.emit("message", done);
      }
      succeed("message", { message_id: id, conversation_id: conversation.id });
    });

    on("writing", (payload, identity) => {
      const conversation = conversationFor("writing", payload, identity);
      if (!conversation) return;
      if (typeof payload.is_writing !== "boolean") return fail("writing", "missing_parameter");
      const author =
        identity.kind === "user"
          ? { ...(departure === "writing-without-device" ? {} : { device: false }), user: identity.user.email }
          : { device: true, device_id: identity.device.id };
      socket
        .to(`conversation:${conversation.id}`)
        .emit("writing", { conversation_id: conversation.id, ...author, is_writing: payload.is_writing });
      succeed("writing", { conversation_id: conversation.id });
    });

    on(
      "webrtc_credentials",
      (_payload, identity) =>
        socket.emit("webrtc_config", { username: `${Date.now()}:${keyOf(identity)}`, password: `pw-${socket.id}` }),
      false,
    );
    const stun = departure === "stun-without-port" ? STUN.map(({ domain, ip }) => ({ domain, ip })) : STUN;
    on("webrtc_stun_info", () => socket.emit("webrtc_config", stun), false);
    on("webrtc_turn_info", () => socket.emit("webrtc_config", TURN), false);

    on("webrtc_forward", (payload, identity) => {
      const target = recipientOf(payload);
      if (target === "missing") return fail("webrtc_forward", "missing_parameter");
      if (target === undefined) return fail("webrtc_forward", "unknown_recipient");
      const content = {
        sender_id: identity.kind === "user" ? identity.user.id : identity.device.id,
        is_device: identity.kind === "device",
        content: payload,
      };
      // A known recipient with no socket open is not an error: the forward simply reaches nobody.
      const channel = departure === "forward-on-webrtc-forward" ? "webrtc_forward" : "webrtc_config";
      const everyoneElse = () => [...online.values()].flatMap((set) => [...set]).filter((peer) => peer !== socket);
      const peers = departure === "forward-to-everyone" ? everyoneElse() : (online.get(target) ?? []);
      for (const peer of peers) peer.emit(channel, content);
      succeed("webrtc_forward");
    });
  });
}

/** `email OR user_id OR device_id`: the identity key of the recipient, "missing" when none is given. */
function recipientOf(payload: Record<string, unknown>): string | "missing" | undefined {
  const deviceId = idOf(payload, "device_id");
  const userId = idOf(payload, "user_id");
  const email = payload.email;
  if (deviceId !== undefined) return DEVICES.some((d) => d.id === deviceId) ? `device:${deviceId}` : undefined;
  if (userId !== undefined) return USERS.some((u) => u.id === userId) ? `user:${userId}` : undefined;
  if (typeof email === "string") {
    const user = USERS.find((u) => u.email === email);
    return user ? `user:${user.id}` : undefined;
  }
  return "missing";
}

/** Starts the server on 127.0.0.1 at a free port with freshly signed fixtures, faithful unless a departure is named. */
export async function startBlindCirclesChat(departure?: Departure): Promise<{
  url: string;
  fixtures: BlindFixtures;
  close(): Promise<void>;
}> {
  const state = freshState();
  let io: V2Server | undefined;
  // The admin API answers whatever Socket.IO does not take (socket.io 2 leaves other paths to the request handler).
  const http = createServer((req, res) => adminRequest(req, res, { state, io: io as V2Server, departure }));
  io = (createRequire(import.meta.url)("socket.io-v2") as (h: typeof http) => V2Server)(http);
  serve(io, state, departure);
  const { url, close } = await listenOnLoopback(http, io);
  const fixtures = await makeFixtures(url);
  return { url, fixtures, close };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { url, fixtures } = await startBlindCirclesChat();
  process.stdout.write(`${url}\n${JSON.stringify(fixtures)}\n`);
}
