/**
 * The REST side of the blind circles-chat server: circles-chat.md § Circle Events, § Conversations Events and the
 * message changes and uploads are caused by REST actions the document does not describe, so this answers the
 * trigger the suite speaks (`POST /admin/...`, docs/conformance-circles-chat.md `adminUrl`) and pushes each event in
 * this server's own words where the document leaves them open: conversation events as `{action, id, ...}` (the
 * document's JSON column is empty; "Each json contains the conversation id"), an invitation to the invitee only.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { type ChatState, DEVICES, type Departure, USERS, type V2Server } from "./circles-chat-server.js";

type Body = Record<string, unknown>;
/** One action: pushes its events and answers the HTTP status, 404 when what it names does not exist. */
type Action = (id: number, body: Body, world: World) => 200 | 404;

export interface World {
  readonly state: ChatState;
  readonly io: V2Server;
  readonly departure: Departure | undefined;
}

const emailOf = (id: unknown) => USERS.find((u) => u.id === id)?.email;

/** The sockets of one user leave a room: a user who quits or is kicked gets that room's pushes no more. */
function leaveRoom(world: World, userId: number, room: string): void {
  for (const socket of world.state.online.get(`user:${userId}`) ?? []) socket.leave(room);
}

function circleAction(push: (circleId: number, body: Body, world: World) => boolean): Action {
  return (id, body, world) => {
    if (!world.state.circles.has(id)) return 404;
    return push(id, body, world) ? 200 : 404;
  };
}

/** Moves a user into or out of a circle and pushes `{event, user, circle_id, ...extra}` to its room. */
function membership(event: "join" | "quit" | "kick"): Action {
  return circleAction((circleId, body, world) => {
    const user = emailOf(body.user_id);
    const members = world.state.circles.get(circleId) as number[];
    if (user === undefined || typeof body.user_id !== "number") return false;
    const from = event === "kick" ? { from: emailOf(body.by_user_id) } : {};
    if (event === "join" && !members.includes(body.user_id)) members.push(body.user_id);
    world.io.to(`circle:${circleId}`).emit("circle", { event, user, ...from, circle_id: circleId });
    if (event !== "join") {
      world.state.circles.set(
        circleId,
        members.filter((m) => m !== body.user_id),
      );
      leaveRoom(world, body.user_id, `circle:${circleId}`);
    }
    return true;
  });
}

const CIRCLE_ACTIONS: Record<string, Action> = {
  invite: circleAction((circleId, body, world) => {
    const sockets = world.state.online.get(`user:${String(body.user_id)}`);
    for (const socket of sockets ?? []) socket.emit("circle_invite", { event: "invite", circle_id: circleId });
    return emailOf(body.user_id) !== undefined;
  }),
  join: membership("join"),
  quit: membership("quit"),
  kick: membership("kick"),
  update: circleAction((circleId, _body, world) => {
    world.io.to(`circle:${circleId}`).emit("circle", { event: "update", circle_id: circleId });
    return true;
  }),
};

/** `/admin/conversations/<id>/<event>`: invite, quit and kick change the members; add/remove_device the devices. */
function conversationAction(event: string): Action {
  return (id, body, world) => {
    const conversation = world.state.conversations.find((c) => c.id === id);
    if (!conversation) return 404;
    const userId = typeof body.user_id === "number" ? body.user_id : undefined;
    const deviceId = typeof body.device_id === "number" ? body.device_id : undefined;
    if (event === "invite" && userId !== undefined) conversation.users.push(userId);
    if (event === "add_device" && deviceId !== undefined) conversation.devices.push(deviceId);
    const holding = world.departure === "conversation-event-without-id" ? {} : { id };
    const push = { action: event, ...holding, ...body };
    // The document names no recipient: the invitation goes to the invitee alone, as § Circle Events' circle_invite.
    if (event !== "invite") world.io.to(`conversation:${id}`).emit("conversation", push);
    for (const socket of event === "invite" ? (world.state.online.get(`user:${String(userId)}`) ?? []) : [])
      socket.emit("conversation", push);
    if ((event === "quit" || event === "kick") && userId !== undefined) {
      conversation.users = conversation.users.filter((u) => u !== userId);
      leaveRoom(world, userId, `conversation:${id}`);
    }
    if (event === "remove_device" && deviceId !== undefined)
      conversation.devices = conversation.devices.filter((d) => d !== deviceId);
    return 200;
  };
}

function messageChange(event: "delete" | "update"): Action {
  return (id, _body, world) => {
    const message = world.state.messages.get(id);
    if (!message) return 404;
    const conversation_id = message.conversationId;
    world.io.to(`conversation:${conversation_id}`).emit("message", { conversation_id, message_id: id, event });
    if (event === "delete") world.state.messages.delete(id);
    return 200;
  };
}

/** A media is uploaded: once the message's last one is, the room gets the message again, done, with its media. */
const mediaUploaded: Action = (id, _body, world) => {
  const message = [...world.state.messages.values()].find((m) => m.waitingFor.has(id));
  if (!message) return 404;
  message.waitingFor.delete(id);
  if (message.waitingFor.size === 0)
    world.io.to(`conversation:${message.conversationId}`).emit("message", message.done);
  return 200;
};

const ROUTES: ReadonlyArray<readonly [RegExp, (match: string) => Action | undefined]> = [
  [/^\/admin\/circles\/(\d+)\/(\w+)$/, (action) => CIRCLE_ACTIONS[action]],
  [/^\/admin\/conversations\/(\d+)\/(update|invite|promote|kick|quit|add_device|remove_device)$/, conversationAction],
  [/^\/admin\/messages\/(\d+)\/(delete|update)$/, (action) => messageChange(action as "delete" | "update")],
  [/^\/admin\/media\/(\d+)\/(uploaded)$/, () => mediaUploaded],
  [
    /^\/admin\/devices\/(\d+)\/(update)$/,
    () => (id, _body, world) => {
      const device = DEVICES.find((d) => d.id === id);
      if (!device) return 404;
      world.io
        .to(`circle:${device.circleId}`)
        .emit("circle", { event: "device", type: "update", device_id: id, circle_id: device.circleId });
      return 200;
    },
  ],
];

/** Answers one admin request: 200 with `{}` when done, 404 for an unknown route or id, 400 for a body not JSON. */
export function adminRequest(req: IncomingMessage, res: ServerResponse, world: World): void {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const answer = (status: number) => res.writeHead(status, { "content-type": "application/json" }).end("{}");
    let body: Body;
    try {
      body = chunks.length === 0 ? {} : (JSON.parse(Buffer.concat(chunks).toString("utf8")) as Body);
    } catch {
      return answer(400);
    }
    for (const [pattern, route] of ROUTES) {
      const match = req.method === "POST" ? pattern.exec(req.url ?? "") : null;
      const action = match ? route(match[2] as string) : undefined;
      if (match && action) return answer(action(Number(match[1]), body, world));
    }
    answer(404);
  });
}
