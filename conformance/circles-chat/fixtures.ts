import { z } from "zod";

/**
 * A database id. circles-chat.md says "ID of the conversation" and no more: the real server's PostgreSQL serials
 * are one choice (DECISIONS.md D2), UUID strings another, so the suite takes either and only compares them.
 */
export const entityIdSchema = z.union([z.number().int().nonnegative(), z.string().min(1)]);
const entity = entityIdSchema;
export type EntityId = z.output<typeof entity>;

/** A user or device of the target, by the name the fixtures give it. `id` and `email` unlock more checks. */
const identity = z.object({
  /** A valid JWT for this user or device (circles-chat.md § Authentication). */
  token: z.string().min(1),
  /** Its database id: needed to forward to it by id and to compare `sender_id`. */
  id: entity.optional(),
  /** Users only: needed to forward by email and to compare the `user` of writing and circle events. */
  email: z.string().min(1).optional(),
});

/** A conversation or circle of the target and who belongs to it; every other named identity must NOT belong to it. */
const group = z.object({ id: entity, members: z.array(z.string()).default([]) });

/**
 * What the circles-chat suite needs from the target (circles-chat.md creates users, circles and conversations over
 * REST, not the socket): tokens of a few users and devices, which conversations and circles they belong to, and
 * optionally a way to have the server produce the events the socket cannot trigger.
 */
export const circlesChatFixtures = z
  .object({
    users: z.record(z.string(), identity).default({}),
    devices: z.record(z.string(), identity.omit({ email: true })).default({}),
    conversations: z.array(group).default([]),
    circles: z.array(group).default([]),
    /** Ids that do not exist on the target (the defaults are PostgreSQL's largest serial). */
    unknownConversationId: entity.default(2_147_483_647),
    unknownCircleId: entity.default(2_147_483_647),
    /** An email no user has, for webrtc_forward to an unknown destination. */
    unknownEmail: z.string().default("nobody@volley.invalid"),
    /** The HS256 secret tokens are signed with: lets the suite mint an expired token with a real signature. */
    secret: z.string().min(1).optional(),
    /** Or an expired token the operator made; used when `secret` is not given. */
    expiredToken: z.string().min(1).optional(),
    /**
     * Base URL of a trigger speaking the reference server's admin API (docs/api-circles-chat.md, `POST /admin/...`):
     * the only way for the suite to make the server push circle, conversation, message-change and media events.
     */
    adminUrl: z.url({ protocol: /^https?$/ }).optional(),
  })
  .superRefine((f, ctx) => {
    const names = new Set([...Object.keys(f.users), ...Object.keys(f.devices)]);
    for (const [kind, groups] of [
      ["conversations", f.conversations],
      ["circles", f.circles],
    ] as const) {
      for (const g of groups)
        for (const m of g.members)
          if (!names.has(m))
            ctx.addIssue({ code: "custom", message: `${kind} ${g.id}: member "${m}" is not a named user or device` });
    }
  });

export type CirclesChatFixtures = z.output<typeof circlesChatFixtures>;
export type Identity = CirclesChatFixtures["users"][string] & { readonly name: string; readonly device: boolean };

/** Every named user and device, users first, in the order the fixtures give them. */
export function identities(f: CirclesChatFixtures): Identity[] {
  return [
    ...Object.entries(f.users).map(([name, u]) => ({ ...u, name, device: false })),
    ...Object.entries(f.devices).map(([name, d]) => ({ ...d, name, device: true })),
  ];
}

export function identityNamed(f: CirclesChatFixtures, name: string): Identity {
  const found = identities(f).find((i) => i.name === name);
  if (found === undefined) throw new Error(`no identity named ${name} in the fixtures`);
  return found;
}

/** A room with at least `members` named members (users first) and, when asked, a named identity outside it. */
export interface Scene {
  readonly id: EntityId;
  readonly members: readonly Identity[];
  readonly outsider?: Identity;
}

export interface SceneNeed {
  readonly members: number;
  readonly outsider?: boolean;
  readonly usersOnly?: boolean;
  /** The first member must be a device. */
  readonly device?: boolean;
  /** Only conversations or circles this accepts (the reason on failure says "and the check's own condition"). */
  readonly where?: (group: CirclesChatFixtures["conversations"][number]) => boolean;
}

export type Found<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** Picks a conversation (or circle) that fits what a check needs, or says which fixture is missing. */
export function findScene(f: CirclesChatFixtures, kind: "conversations" | "circles", need: SceneNeed): Found<Scene> {
  const all = identities(f).filter((i) => !need.usersOnly || !i.device);
  for (const g of f[kind]) {
    if (need.where !== undefined && !need.where(g)) continue;
    const inside = all.filter((i) => g.members.includes(i.name));
    const members = need.device ? [...inside.filter((i) => i.device), ...inside.filter((i) => !i.device)] : inside;
    const outsider = all.find((i) => !g.members.includes(i.name));
    if (members.length < need.members) continue;
    if (need.device && members[0]?.device !== true) continue;
    if (need.outsider && outsider === undefined) continue;
    return { ok: true, value: { id: g.id, members, ...(need.outsider && outsider ? { outsider } : {}) } };
  }
  const what = [
    `${need.members} named ${need.usersOnly ? "user" : "user or device"} member(s)`,
    ...(need.device ? ["a device member"] : []),
    ...(need.outsider ? ["a named identity that is not a member"] : []),
    ...(need.where ? ["the check's own condition"] : []),
  ].join(", ");
  return { ok: false, reason: `no fixture ${kind.slice(0, -1)} with ${what}` };
}
