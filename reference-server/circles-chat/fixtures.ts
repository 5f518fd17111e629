import { z } from "zod";
import { iceServer } from "../../protocols/circles-chat/index.js";

const id = z.number().int().positive();

/**
 * The chat's data: what the real product creates over REST (REAL-SERVERS.md). `parse({})` gives the demo: Alice and
 * Bob in circle 1 "Family" with the kitchen display, Carol alone in circle 2 "Work".
 */
export const circlesChatFixtures = z.object({
  /** HS256 secret user and device tokens are signed with. */
  secret: z.string().min(16).default("volley-circles-chat-demo-secret"),
  /** Secret the TURN credentials are derived from (DECISIONS.md D17). */
  turnSecret: z.string().min(1).default("volley-turn-secret"),
  /** Lifetime of the tokens `describe()` and the admin API mint. */
  tokenTtlSeconds: z.number().int().positive().default(86_400),
  users: z.array(z.object({ id, email: z.string().min(3), first_name: z.string(), last_name: z.string() })).default([
    { id: 1, email: "alice@example.com", first_name: "Alice", last_name: "Martin" },
    { id: 2, email: "bob@example.com", first_name: "Bob", last_name: "Durand" },
    { id: 3, email: "carol@example.com", first_name: "Carol", last_name: "Petit" },
  ]),
  devices: z
    .array(z.object({ id, name: z.string(), circle_id: id, access: z.boolean().default(true) }))
    .default([{ id: 1, name: "kitchen-display", circle_id: 1, access: true }]),
  circles: z.array(z.object({ id, name: z.string(), members: z.array(id) })).default([
    { id: 1, name: "Family", members: [1, 2] },
    { id: 2, name: "Work", members: [3] },
  ]),
  conversations: z
    .array(z.object({ id, circle_id: id, name: z.string(), members: z.array(id), devices: z.array(id).default([]) }))
    .default([
      { id: 1, circle_id: 1, name: "Family chat", members: [1, 2], devices: [1] },
      { id: 2, circle_id: 2, name: "Carol's notes", members: [3], devices: [] },
    ]),
  stun: z.array(iceServer).default([{ domain: "webrtc.neo.ovh", ip: "", port: 3478 }]),
  turn: z.array(iceServer).default([{ domain: "webrtc.neo.ovh", ip: "", port: 3478 }]),
});

export type CirclesChatFixtures = z.infer<typeof circlesChatFixtures>;
