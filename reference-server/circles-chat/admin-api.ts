import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import {
  CONVERSATION_EVENTS,
  circleRoom,
  conversationRoom,
  entityId,
  type Media,
} from "../../protocols/circles-chat/index.js";
import type { HttpRoute } from "../api-module.js";
import type { Chat } from "./chat.js";
import type { Identity } from "./chat-state.js";
import { doneMessage } from "./message-handlers.js";
import { signToken } from "./token.js";

/** An admin request body larger than this is refused: the admin API creates small records only. */
const MAX_BODY_BYTES = 65_536;

type Reply = readonly [status: number, body: unknown];
const notFound = (what: string): Reply => [404, { error: { code: "not_found", message: `${what} not found` } }];

interface Route {
  readonly path: RegExp;
  readonly body: z.ZodType;
  // biome-ignore lint/suspicious/noExplicitAny: each route's `body` schema types its own input.
  readonly run: (chat: Chat, id: number, body: any, action: string) => Reply;
}

const name = z.string().min(1).max(200);
const ids = z.array(entityId).max(10_000).default([]);

/** circles-chat.md § Circle Events (channel `circle`), sent by the REST actions of the real product. */
function circleAction(chat: Chat, id: number, body: z.output<typeof circleActionBody>, action: string): Reply {
  const { state, nsp } = chat;
  const circle = state.circles.get(id);
  if (!circle) return notFound("circle");
  if (action === "update") {
    if (body.name !== undefined) circle.name = body.name;
    nsp.to(circleRoom(id)).emit("circle", { event: "update", circle_id: id });
    return [200, { id, name: circle.name }];
  }
  const user = body.user_id === undefined ? undefined : state.users.get(body.user_id);
  if (!user) return notFound("user");
  const who: Identity = { kind: "user", id: user.id };
  if (action === "invite") {
    nsp.to(chat.socketsOf(who)).emit("circle_invite", { event: "invite", circle_id: id });
  } else if (action === "join") {
    circle.members.add(user.id);
    nsp.to(circleRoom(id)).emit("circle", { event: "join", user: user.email, circle_id: id });
  } else {
    const from = body.by_user_id === undefined ? undefined : state.users.get(body.by_user_id);
    if (action === "kick" && !from) return notFound("kicking user");
    circle.members.delete(user.id);
    const room = nsp.to(circleRoom(id));
    if (action === "kick")
      room.emit("circle", { event: "kick", user: user.email, from: from?.email ?? "", circle_id: id });
    else room.emit("circle", { event: "quit", user: user.email, circle_id: id });
    chat.evict(who, circleRoom(id));
  }
  return [200, { id, members: [...circle.members] }];
}
const circleActionBody = z.object({
  user_id: entityId.optional(),
  by_user_id: entityId.optional(),
  name: name.optional(),
});

/** circles-chat.md § Conversations Events (DECISIONS.md D8). */
function conversationAction(chat: Chat, id: number, body: z.output<typeof conversationActionBody>, action: string) {
  const { state, nsp } = chat;
  const conversation = state.conversations.get(id);
  if (!conversation) return notFound("conversation");
  const event = z.enum(CONVERSATION_EVENTS).parse(action);
  const room = conversationRoom(id);
  if (event === "update") {
    if (body.name !== undefined) conversation.name = body.name;
    nsp.to(room).emit("conversation", { event, conversation_id: id });
  } else if (event === "add_device" || event === "remove_device") {
    const device = body.device_id === undefined ? undefined : state.devices.get(body.device_id);
    if (!device) return notFound("device");
    const who: Identity = { kind: "device", id: device.id };
    if (event === "add_device") conversation.devices.add(device.id);
    else conversation.devices.delete(device.id);
    nsp.to(room).to(chat.socketsOf(who)).emit("conversation", { event, conversation_id: id, device_id: device.id });
    if (event === "remove_device") chat.evict(who, room);
  } else {
    const user = body.user_id === undefined ? undefined : state.users.get(body.user_id);
    if (!user) return notFound("user");
    const who: Identity = { kind: "user", id: user.id };
    if (event === "invite") conversation.members.add(user.id);
    if (event === "kick" || event === "quit") conversation.members.delete(user.id);
    nsp.to(room).to(chat.socketsOf(who)).emit("conversation", { event, conversation_id: id, user: user.email });
    if (event === "kick" || event === "quit") chat.evict(who, room);
  }
  return [200, { id, members: [...conversation.members], devices: [...conversation.devices] }] as const;
}
const conversationActionBody = z.object({
  user_id: entityId.optional(),
  device_id: entityId.optional(),
  name: name.optional(),
});

const routes: readonly Route[] = [
  {
    path: /^\/admin\/tokens$/,
    body: z.union([z.object({ user_id: entityId }), z.object({ device_id: entityId })]),
    run: (chat, _id, body: { user_id: number } | { device_id: number }) => {
      const exists = "user_id" in body ? chat.state.users.has(body.user_id) : chat.state.devices.has(body.device_id);
      if (!exists) return notFound("user_id" in body ? "user" : "device");
      return [200, { token: signToken(chat.fixtures.secret, body, chat.fixtures.tokenTtlSeconds) }];
    },
  },
  {
    path: /^\/admin\/users$/,
    body: z.object({
      email: z.string().min(3).max(320),
      first_name: name.default("New"),
      last_name: name.default("User"),
    }),
    run: (chat, _id, body) => {
      if (chat.state.userByEmail(body.email)) return [409, { error: { code: "conflict", message: "email taken" } }];
      const user = { id: chat.state.ids.user.next(), ...body };
      chat.state.users.set(user.id, user);
      return [201, user];
    },
  },
  {
    path: /^\/admin\/devices$/,
    body: z.object({ name, circle_id: entityId, access: z.boolean().default(true) }),
    run: (chat, _id, body) => {
      if (!chat.state.circles.has(body.circle_id)) return notFound("circle");
      const device = { id: chat.state.ids.device.next(), ...body };
      chat.state.devices.set(device.id, device);
      return [201, device];
    },
  },
  {
    path: /^\/admin\/devices\/(\d+)\/update$/,
    body: z.object({ name: name.optional(), access: z.boolean().optional() }),
    run: (chat, id, body) => {
      const device = chat.state.devices.get(id);
      if (!device) return notFound("device");
      Object.assign(device, body);
      const room = circleRoom(device.circle_id);
      chat.nsp.to(room).emit("circle", { event: "device", type: "update", device_id: id, circle_id: device.circle_id });
      if (!device.access) chat.evict({ kind: "device", id }, room);
      return [200, device];
    },
  },
  {
    path: /^\/admin\/circles$/,
    body: z.object({ name, members: ids }),
    run: (chat, _id, body) => {
      const circle = { id: chat.state.ids.circle.next(), name: body.name, members: new Set<number>(body.members) };
      chat.state.circles.set(circle.id, circle);
      return [201, { ...circle, members: body.members }];
    },
  },
  { path: /^\/admin\/circles\/(\d+)\/(invite|join|quit|kick|update)$/, body: circleActionBody, run: circleAction },
  {
    path: /^\/admin\/conversations$/,
    body: z.object({ circle_id: entityId, name: name.default("Conversation"), members: ids, devices: ids }),
    run: (chat, _id, body) => {
      if (!chat.state.circles.has(body.circle_id)) return notFound("circle");
      const id = chat.state.ids.conversation.next();
      const conversation = {
        ...body,
        id,
        members: new Set<number>(body.members),
        devices: new Set<number>(body.devices),
      };
      chat.state.conversations.set(id, conversation);
      return [201, { ...body, id }];
    },
  },
  {
    path: new RegExp(`^/admin/conversations/(\\d+)/(${CONVERSATION_EVENTS.join("|")})$`),
    body: conversationActionBody,
    run: conversationAction,
  },
  {
    path: /^\/admin\/messages\/(\d+)\/(delete|update)$/,
    body: z.object({ text_message: z.string().max(65_536).optional() }),
    run: (chat, id, body, action) => {
      const stored = action === "delete" ? chat.state.deleteMessage(id) : chat.state.messages.get(id);
      if (!stored) return notFound("message");
      if (action === "update" && body.text_message !== undefined) stored.message.content = body.text_message;
      const { conversation_id } = stored;
      const event = action === "delete" ? "delete" : "update";
      chat.nsp.to(conversationRoom(conversation_id)).emit("message", { conversation_id, message_id: id, event });
      return [200, { message_id: id, event }];
    },
  },
  {
    path: /^\/admin\/media\/(\d+)\/uploaded$/,
    body: z.object({}),
    run: (chat, id) => {
      const messageId = chat.state.mediaOwner.get(id);
      const stored = messageId === undefined ? undefined : chat.state.messages.get(messageId);
      if (!stored || messageId === undefined) return notFound("pending media");
      stored.pending.delete(id);
      chat.state.mediaOwner.delete(id);
      if (stored.pending.size > 0) return [200, { message_id: messageId, status: "pending" }];
      // DECISIONS.md D22: the last upload completes the message.
      chat.nsp.to(conversationRoom(stored.conversation_id)).emit("message", doneMessage(stored));
      return [200, { message_id: messageId, status: "done", media_list: stored.media satisfies Media[] }];
    },
  },
];

async function readJson(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new RangeError("body too large");
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  return text === "" ? {} : JSON.parse(text);
}

function send(res: ServerResponse, [status, body]: Reply): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

/**
 * The REST side of the real product as a small JSON admin API (DECISIONS.md D19): `POST /admin/...` creates users,
 * devices, circles and conversations, mints tokens, and triggers the pushed events the document lists.
 */
export function adminApi(chat: Chat): HttpRoute {
  return (req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (req.method !== "POST" || !path.startsWith("/admin/")) return false;
    const route = routes.find((r) => r.path.test(path));
    if (!route) return false;
    const [, id = "0", action = ""] = route.path.exec(path) ?? [];
    readJson(req).then(
      (raw) => {
        const body = route.body.safeParse(raw);
        if (!body.success) return send(res, [400, { error: { code: "invalid_body", message: body.error.message } }]);
        send(res, route.run(chat, Number(id), body.data, action));
      },
      (err: Error) => send(res, [400, { error: { code: "invalid_body", message: err.message } }]),
    );
    return true;
  };
}
