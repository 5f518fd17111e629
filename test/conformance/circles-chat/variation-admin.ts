import type { IncomingMessage, ServerResponse } from "node:http";
import type { VariationState } from "./variation-server.js";
import { DEVICE_CIRCLE, EVERYONE } from "./variation-world.js";

type Body = Record<string, unknown>;
type Route = (state: VariationState, id: string, body: Body) => boolean;

const emailOf = (id: unknown) => EVERYONE.find((w) => w.id === id)?.email;

/** A circle membership change pushed to the circle's room (§ Circle Events), applied to the members. */
const circleChange =
  (event: "join" | "quit" | "kick"): Route =>
  (state, circle, body) => {
    const ids = state.members.get(circle);
    if (ids === undefined || typeof body.user_id !== "string") return false;
    const from = event === "kick" ? { from: emailOf(body.by_user_id) } : {};
    state.toRoom(circle, "circle", { event, user: emailOf(body.user_id), ...from, circle_id: circle, extra: 1 });
    if (event === "join") ids.add(body.user_id);
    else ids.delete(body.user_id);
    return true;
  };

/** A conversation event (§ Conversations Events), keyed `id` and `kind` (D8 chose conversation_id and event). */
const conversationChange: Route = (state, path, body) => {
  const [conversation = "", kind = ""] = path.split("/");
  const ids = state.members.get(conversation);
  if (ids === undefined) return false;
  const who =
    typeof body.user_id === "string" ? body.user_id : typeof body.device_id === "string" ? body.device_id : "";
  state.toRoom(conversation, "conversation", { kind, id: conversation, who });
  if (kind === "invite" || kind === "add_device") ids.add(who);
  if (kind === "quit" || kind === "kick" || kind === "remove_device") ids.delete(who);
  return true;
};

const messageChange =
  (event: "delete" | "update"): Route =>
  (state, id) => {
    const message = state.messages.get(id);
    if (message === undefined) return false;
    state.toRoom(message.conversation, "message", { event, message_id: id, conversation_id: message.conversation });
    if (event === "delete") state.messages.delete(id);
    return true;
  };

const mediaUploaded: Route = (state, id) => {
  const found = [...state.messages].find(([, m]) => m.media.some((x) => x.id === id));
  if (found === undefined) return false;
  state.uploaded.add(id);
  const [messageId, m] = found;
  if (!m.media.every((x) => state.uploaded.has(x.id))) return true;
  const message = { key: messageId, body: m.text ?? null, files: m.media.length };
  const push = { status: "done", conversation_id: m.conversation, message, time: Math.floor(Date.now() / 1000) };
  state.toRoom(m.conversation, "message", { ...push, sender: "upload", media_list: m.media });
  return true;
};

/** `/admin/<kind>/<id>/<action>` → the route, as the reference server's admin API names them (the trigger contract). */
const ROUTES: Readonly<Record<string, Route>> = {
  "circles/invite": (state, circle, body) => {
    if (typeof body.user_id !== "string") return false;
    state.toIdentity(body.user_id, "circle_invite", { event: "invite", circle_id: circle, by: "variation" });
    return true;
  },
  "circles/join": circleChange("join"),
  "circles/quit": circleChange("quit"),
  "circles/kick": circleChange("kick"),
  "circles/update": (state, circle) => {
    state.toRoom(circle, "circle", { circle_id: circle, event: "update" });
    return true;
  },
  "devices/update": (state, device) => {
    const circle = DEVICE_CIRCLE[device];
    if (circle === undefined) return false;
    state.toRoom(circle, "circle", { event: "device", type: "update", device_id: device, circle_id: circle });
    return true;
  },
  "messages/delete": messageChange("delete"),
  "messages/update": messageChange("update"),
  "media/uploaded": mediaUploaded,
};

async function bodyOf(req: IncomingMessage): Promise<Body> {
  let text = "";
  for await (const chunk of req) text += chunk;
  const parsed: unknown = text === "" ? {} : JSON.parse(text);
  return typeof parsed === "object" && parsed !== null ? (parsed as Body) : {};
}

/**
 * The trigger of the variation server: the REST actions of the real product (DECISIONS.md D19), reached the way
 * the suite's `adminUrl` fixture expects (`POST /admin/...`, docs/api-circles-chat.md). Its pushes make the
 * variation server's own choices; only the paths are the trigger's contract.
 */
export function adminRoutes(state: VariationState) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const [, admin, kind, id, ...action] = (req.url ?? "").split("/");
    if (admin !== "admin" || req.method !== "POST" || kind === undefined || id === undefined) {
      res.writeHead(404).end();
      return;
    }
    void bodyOf(req).then(
      (body) => {
        const done =
          kind === "conversations"
            ? conversationChange(state, `${id}/${action.join("/")}`, body)
            : (ROUTES[`${kind}/${action.join("/")}`]?.(state, decodeURIComponent(id), body) ?? false);
        res.writeHead(done ? 200 : 404, { "content-type": "application/json" }).end(JSON.stringify({ done }));
      },
      () => res.writeHead(400).end(),
    );
  };
}
