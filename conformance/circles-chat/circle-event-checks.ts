import { fail, pass, type SioClient, skip, type Verdict } from "../index.js";
import { type ChatCheck, doc } from "./doc.js";
import type { EntityId } from "./fixtures.js";
import { type CirclesChatFixtures, type Found, type Identity, identities } from "./fixtures.js";
import { fieldProblems } from "./payloads.js";
import { answerOf, type Ctx, expectStep, STEPS, signIn } from "./session.js";
import { type Post, withTrigger } from "./trigger.js";

/** A circle, a user member watching its room, and a user with an id and email outside it. */
interface CircleCast {
  readonly circle_id: EntityId;
  readonly watcher: Identity;
  readonly outsider: Identity;
  readonly device?: Identity;
}

function circleCast(f: CirclesChatFixtures): Found<CircleCast> {
  const all = identities(f);
  for (const c of f.circles) {
    const watcher = all.find((i) => !i.device && i.id !== undefined && c.members.includes(i.name));
    const outsider = all.find((i) => !i.device && i.id !== undefined && i.email && !c.members.includes(i.name));
    const device = all.find((i) => i.device && i.id !== undefined && c.members.includes(i.name));
    if (watcher && outsider)
      return { ok: true, value: { circle_id: c.id, watcher, outsider, ...(device ? { device } : {}) } };
  }
  return {
    ok: false,
    reason: "no fixture circle with a user member (with id) and a user outside it (with id and email)",
  };
}

/** Signs the watcher in and has it join the circle's room (REAL-SERVERS.md: `circle_<id>`). */
export async function watchCircle(ctx: Ctx, circle_id: EntityId, watcher: Identity): Promise<SioClient> {
  const client = await signIn(ctx, watcher);
  client.emit("join_circle", { circle_id });
  expectStep(await answerOf(ctx, client), "success", STEPS.circleRoom, `join_circle ${circle_id} by ${watcher.name}`);
  return client;
}

/**
 * Waits for a push on `event` holding every field of `want`. Other pushes on that channel are passed over (a
 * setup's own events, presence of clients from earlier checks still closing) and shown if none matches.
 */
export function expectPush(
  ctx: Ctx,
  client: SioClient,
  event: string,
  want: Readonly<Record<string, unknown>>,
  title: string,
): Promise<Verdict> {
  return expectPushWhere(ctx, client, event, (p) => fieldProblems(p, want).length === 0, want, title);
}

/** As expectPush, for a push that `accepts` takes; `expected` is what the failure report shows. */
export async function expectPushWhere(
  ctx: Ctx,
  client: SioClient,
  event: string,
  accepts: (payload: unknown) => boolean,
  expected: unknown,
  title: string,
): Promise<Verdict> {
  const until = Date.now() + ctx.timeoutMs;
  const seen: unknown[] = [];
  for (let left = ctx.timeoutMs; left > 0; left = until - Date.now()) {
    const got = await client.next(event, left);
    if (got.kind === "timeout") break;
    if (accepts(got.args[0])) return pass();
    seen.push(got.args[0]);
  }
  return fail({
    title,
    expected: { [event]: expected },
    actual: seen.length === 0 ? `nothing on ${event}` : { [event]: seen },
  });
}

/** One § Circle Events row (`row`, as the table has it), caused through the trigger. */
function circleEvent(
  behaviour: string,
  row: string,
  title: string,
  act: (post: Post, cast: CircleCast) => Promise<{ want: Record<string, unknown>; on?: "outsider" }>,
  needsDevice = false,
): ChatCheck {
  return {
    id: `circles-chat.circle-events.${behaviour}`,
    level: "must",
    doc: doc("circleEvents", row),
    title,
    run: (ctx) =>
      withTrigger(ctx, async (post) => {
        const cast = circleCast(ctx.fixtures);
        if (!cast.ok) return skip(cast.reason);
        if (needsDevice && cast.value.device === undefined) return skip("no fixture device (with id) in that circle");
        const { circle_id, watcher, outsider } = cast.value;
        const watching = await watchCircle(ctx, circle_id, watcher);
        const invited = await signIn(ctx, outsider);
        const { want, on } = await act(post, cast.value);
        const client = on === "outsider" ? invited : watching;
        const channel = on === "outsider" ? "circle_invite" : "circle";
        return expectPush(ctx, client, channel, { ...want, circle_id }, title);
      }),
  };
}

/** The rows of § Circle Events, as the table writes them. */
export const ROWS = {
  invite: "invitation | circle_invite | {'event': 'invite', 'circle_id': circle.id}",
  join: "user join circle | circle | {'event': 'join', 'user': link.user.email}",
  quit: "user leave circle | circle | {'event': 'quit', 'user': link.user.email}",
  kick: "kick user | circle | {'event': 'kick', 'user': kick.email, 'from': user.email}",
  update: "circle info modified | circle | {'event': 'update'}",
  deviceUpdate:
    "device info from circle modified | circle | {'event': 'device', 'type': 'update', 'device_id': device.id}",
  userConnect: "user from circle connect | circle | {'event': 'connect', 'user': user.email}",
  userDisconnect: "user from circle disconnect | circle | {'event': 'disconnect', 'user': data.email}",
  deviceConnect: "device connect | circle | {'event': 'device', 'type': 'connect', 'device_id': device.id}",
  deviceDisconnect: "device disconnect | circle | {'event': 'device', 'type': 'disconnect', 'device_id': data.id}",
} as const;

/** The outsider joins the circle and leaves it again by quitting or being kicked, so the fixtures stay true. */
async function joinAndLeave(post: Post, c: CircleCast, how: "quit" | "kick"): Promise<void> {
  const user_id = c.outsider.id;
  await post(`/admin/circles/${c.circle_id}/join`, { user_id });
  await post(
    `/admin/circles/${c.circle_id}/${how}`,
    how === "kick" ? { user_id, by_user_id: c.watcher.id } : { user_id },
  );
}

export const circleEventChecks: readonly ChatCheck[] = [
  circleEvent(
    "invite",
    ROWS.invite,
    "sends an invited user circle_invite {event: invite, circle_id}",
    async (post, c) => {
      await post(`/admin/circles/${c.circle_id}/invite`, { user_id: c.outsider.id });
      return { want: { event: "invite" }, on: "outsider" };
    },
  ),
  circleEvent(
    "join",
    ROWS.join,
    "pushes {event: join, user} to the circle's room when a user joins it",
    async (post, c) => {
      await joinAndLeave(post, c, "quit");
      return { want: { event: "join", user: c.outsider.email } };
    },
  ),
  circleEvent(
    "quit",
    ROWS.quit,
    "pushes {event: quit, user} to the circle's room when a user leaves it",
    async (post, c) => {
      await joinAndLeave(post, c, "quit");
      return { want: { event: "quit", user: c.outsider.email } };
    },
  ),
  circleEvent(
    "kick",
    ROWS.kick,
    "pushes {event: kick, user, from} to the circle's room when a user is kicked",
    async (post, c) => {
      await joinAndLeave(post, c, "kick");
      return { want: { event: "kick", user: c.outsider.email, ...(c.watcher.email ? { from: c.watcher.email } : {}) } };
    },
  ),
  circleEvent(
    "update",
    ROWS.update,
    "pushes {event: update} to the circle's room when its info changes",
    async (post, c) => {
      await post(`/admin/circles/${c.circle_id}/update`, {});
      return { want: { event: "update" } };
    },
  ),
  circleEvent(
    "device-update",
    ROWS.deviceUpdate,
    "pushes {event: device, type: update, device_id} to the circle's room when a device's info changes",
    async (post, c) => {
      await post(`/admin/devices/${c.device?.id}/update`, {});
      return { want: { event: "device", type: "update", device_id: c.device?.id } };
    },
    true,
  ),
];
