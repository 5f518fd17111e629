import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * The data of the circles-chat variation server: who exists, who belongs where, and its tokens. Ids are strings
 * (DECISIONS.md D2 chose integers), tokens HS384 JWTs with one `sub` claim (D3 chose HS256 `{user_id}`), and the
 * suite gets an expired token rather than the secret.
 */
export interface Who {
  readonly kind: "user" | "device";
  readonly id: string;
  readonly name: string;
  readonly email?: string;
}

export const USERS: readonly Who[] = [
  { kind: "user", id: "u-ada", name: "ada", email: "ada@variation.test" },
  { kind: "user", id: "u-bo", name: "bo", email: "bo@variation.test" },
  { kind: "user", id: "u-cy", name: "cy", email: "cy@variation.test" },
];
export const DEVICES: readonly Who[] = [
  { kind: "device", id: "d-panel", name: "panel" },
  { kind: "device", id: "d-lamp", name: "lamp" },
];
export const EVERYONE: readonly Who[] = [...USERS, ...DEVICES];

export const CONVERSATIONS = { main: "conv-main", side: "conv-side" } as const;
export const CIRCLES = { home: "circle-home", away: "circle-away" } as const;

/** Room id → members by id; changed by the trigger (invite, quit, kick, add_device, remove_device). */
export function initialMembers(): Map<string, Set<string>> {
  return new Map([
    [CONVERSATIONS.main, new Set(["u-ada", "u-bo", "d-panel"])],
    [CONVERSATIONS.side, new Set(["u-cy", "d-lamp"])],
    [CIRCLES.home, new Set(["u-ada", "u-bo", "d-panel"])],
    [CIRCLES.away, new Set(["u-cy", "d-lamp"])],
  ]);
}

/** Each device's circle, for `device` events. */
export const DEVICE_CIRCLE: Readonly<Record<string, string>> = { "d-panel": CIRCLES.home, "d-lamp": CIRCLES.away };

const SECRET = randomBytes(32);
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
const sign = (data: string) => createHmac("sha384", SECRET).update(data).digest("base64url");

export function tokenOf(who: Who, expiresInSeconds = 3_600): string {
  const data = `${b64({ alg: "HS384", typ: "JWT" })}.${b64({ sub: `${who.kind}/${who.id}`, exp: Math.floor(Date.now() / 1000) + expiresInSeconds })}`;
  return `${data}.${sign(data)}`;
}

/** The identity a token names, if it is signed with the secret and not expired; `acceptAlgNone` plants a defect. */
export function verify(token: unknown, acceptAlgNone: boolean): Who | undefined {
  if (typeof token !== "string") return undefined;
  const [head, body, sig] = token.split(".");
  if (head === undefined || body === undefined || sig === undefined) return undefined;
  try {
    const { alg } = JSON.parse(Buffer.from(head, "base64url").toString()) as { alg?: unknown };
    const { sub, exp } = JSON.parse(Buffer.from(body, "base64url").toString()) as { sub?: unknown; exp?: unknown };
    const unsigned = acceptAlgNone && alg === "none";
    if (!unsigned) {
      const want = Buffer.from(sign(`${head}.${body}`));
      if (alg !== "HS384" || want.length !== Buffer.from(sig).length || !timingSafeEqual(want, Buffer.from(sig)))
        return undefined;
    }
    if (typeof exp !== "number" || exp * 1000 < Date.now()) return undefined;
    return EVERYONE.find((w) => `${w.kind}/${w.id}` === sub);
  } catch {
    return undefined;
  }
}

const namesOf = (ids: readonly string[]) => EVERYONE.filter((w) => ids.includes(w.id)).map((w) => w.name);

/** The suite's fixtures for a variation server at `url` (its trigger speaks the reference admin API there). */
export function variationFixtures(url: string) {
  const members = initialMembers();
  const group = (id: string) => ({ id, members: namesOf([...(members.get(id) ?? [])]) });
  const ada = USERS[0];
  if (ada === undefined) throw new Error("no first user");
  return {
    users: Object.fromEntries(USERS.map((u) => [u.name, { token: tokenOf(u), id: u.id, email: u.email }])),
    devices: Object.fromEntries(DEVICES.map((d) => [d.name, { token: tokenOf(d), id: d.id }])),
    conversations: [group(CONVERSATIONS.main), group(CONVERSATIONS.side)],
    circles: [group(CIRCLES.home), group(CIRCLES.away)],
    expiredToken: tokenOf(ada, -3_600),
    unknownConversationId: "conv-none",
    unknownCircleId: "circle-none",
    adminUrl: url,
  };
}
