import { circlesChatProtocol } from "../../protocols/circles-chat/index.js";
import type { ApiModule } from "../api-module.js";
import { adminApi } from "./admin-api.js";
import { authHandlers } from "./auth-handlers.js";
import { Chat, type ChatSocket } from "./chat.js";
import { circlesChatFaults } from "./faults.js";
import { type CirclesChatFixtures, circlesChatFixtures } from "./fixtures.js";
import { messageHandlers } from "./message-handlers.js";
import { roomHandlers } from "./room-handlers.js";
import { signToken } from "./token.js";
import { webrtcHandlers } from "./webrtc-handlers.js";

/** The "Neo" circles chat (circles-chat.md) in memory: one namespace, JWT authentication, rooms per circle/conversation. */
export const circlesChatServer: ApiModule<CirclesChatFixtures> = {
  protocol: circlesChatProtocol,
  fixtures: circlesChatFixtures,
  faults: circlesChatFaults,
  start(ctx, fixtures) {
    const chat = new Chat(ctx, fixtures);
    chat.nsp.on("connection", (socket: ChatSocket) => {
      authHandlers(chat, socket);
      roomHandlers(chat, socket);
      messageHandlers(chat, socket);
      webrtcHandlers(chat, socket);
    });
    return {
      http: adminApi(chat),
      describe: () => {
        const token = (claims: { user_id: number } | { device_id: number }) =>
          signToken(fixtures.secret, claims, fixtures.tokenTtlSeconds);
        return [
          "main namespace /; emit authenticate {token}, then join_conversation {conversation_id}",
          ...fixtures.users.map((u) => `user ${u.id} ${u.email}: ${token({ user_id: u.id })}`),
          ...fixtures.devices.map(
            (d) => `device ${d.id} ${d.name} (circle ${d.circle_id}): ${token({ device_id: d.id })}`,
          ),
          ...fixtures.circles.map((c) => `circle ${c.id} "${c.name}": users ${c.members.join(", ")}`),
          ...fixtures.conversations.map(
            (c) =>
              `conversation ${c.id} "${c.name}" (circle ${c.circle_id}): users ${c.members.join(", ")}` +
              (c.devices.length > 0 ? `, devices ${c.devices.join(", ")}` : ""),
          ),
          "admin API: POST /admin/tokens {user_id} | /admin/users | /admin/circles/<id>/invite ... (docs/api-circles-chat.md)",
        ];
      },
      // No timers: the chat has no simulated background activity (DECISIONS.md D21).
      close() {},
    };
  },
};
