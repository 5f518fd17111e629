import type { CheckContext, SioClient } from "../index.js";
import { Mismatch, SetupBlocked } from "../index.js";
import { serverList } from "./documented.js";
import type { CirclesChatFixtures, Identity } from "./fixtures.js";

export type Ctx = CheckContext<CirclesChatFixtures>;

/** An event that arrived, or nothing before the deadline (`event: "none"`, no args). */
export interface Arrival {
  readonly event: string;
  readonly args: readonly unknown[];
}
const NOTHING: Arrival = { event: "none", args: [] };

/**
 * The first of `events` to arrive (consumed), or none within `ms`. Answers come on `success` or `error`, never
 * acks (REAL-SERVERS.md), so a check must wait on several events at once.
 */
export async function firstOf(client: SioClient, events: readonly string[], ms: number): Promise<Arrival> {
  const got = await client.nextOf(events, ms);
  return got.kind === "event" ? got : NOTHING;
}

/** The answer to a request on a channel with parameters (circles-chat.md § Listened Channels: "error" or "success"). */
export const answerOf = (ctx: Ctx, client: SioClient) => firstOf(client, ["success", "error"], ctx.timeoutMs);

export const describeArrival = (a: Arrival) => (a.event === "none" ? "no answer" : { [a.event]: a.args[0] });

/** The set-up steps, each named after what it does, and the must check that owns its behaviour. */
export const STEPS = {
  /** circles-chat.auth.user-token, circles-chat.auth.device-token */
  signIn: "authenticate with a fixture token",
  /** circles-chat.rooms.join-conversation, circles-chat.rooms.leave-conversation */
  conversationRoom: "join_conversation / leave_conversation by a member",
  /** circles-chat.rooms.join-circle */
  circleRoom: "join_circle by a member",
  /** circles-chat.media.media-to-sender */
  media: "media for a message with files",
} as const;

/** Throws SetupBlocked for `step` unless the answer is on `want`. */
export function expectStep(a: Arrival, want: "success" | "error", step: string, what: string): void {
  if (a.event !== want)
    throw new SetupBlocked(step, `${what}: expected an emit on "${want}", got ${JSON.stringify(describeArrival(a))}`);
}

/** A connection that has sent `authenticate {token}` and been answered with `success`. */
export async function signIn(ctx: Ctx, who: Identity): Promise<SioClient> {
  const client = await ctx.clients.connect({ namespace: "/" });
  client.emit("authenticate", { token: who.token });
  const answer = await answerOf(ctx, client);
  expectStep(answer, "success", STEPS.signIn, `the fixture token of ${who.name}`);
  return client;
}

/**
 * Something on any of `events` within `ms`, not consumed, or none: the first event is watched, the others are
 * looked for once the wait is over. For things that must NOT arrive.
 */
export async function anyOf(client: SioClient, events: readonly string[], ms: number): Promise<Arrival> {
  const [first, ...rest] = events;
  const seen = await client.silence(first ?? "message", ms);
  if (seen.kind === "event") return { event: first ?? "message", args: seen.args };
  for (const event of rest) {
    const other = await client.silence(event, 0);
    if (other.kind === "event") return { event, args: other.args };
  }
  return NOTHING;
}

/** Consumes every buffered `event` and returns their first arguments. */
export async function drain(client: SioClient, event: string): Promise<unknown[]> {
  const out: unknown[] = [];
  for (;;) {
    const seen = await client.silence(event, 0);
    if (seen.kind === "silent") return out;
    await client.next(event, 0);
    out.push(seen.args[0]);
  }
}

/**
 * A round trip on one client: `webrtc_stun_info` answered on `webrtc_config` with a server list (circles-chat.md
 * § Events Webrtc; the must check circles-chat.webrtc.stun-info owns it). Socket.IO keeps a connection's packets in order, so anything the server emitted to this client before
 * it handled the barrier is buffered once the barrier returns: a cheap "nothing else arrived" without a fixed wait.
 * Returns the other `webrtc_config` payloads met on the way (forwards, DECISIONS.md D9).
 */
export async function barrier(ctx: Ctx, client: SioClient): Promise<unknown[]> {
  client.emit("webrtc_stun_info");
  const others: unknown[] = [];
  for (;;) {
    const got = await client.next("webrtc_config", ctx.timeoutMs);
    if (got.kind === "timeout")
      throw new Mismatch({
        title: "webrtc_stun_info (used as a round trip) is answered on webrtc_config",
        expected: "a server list on webrtc_config",
        actual: "no answer",
      });
    if (serverList(got.args[0]) !== undefined) return others;
    others.push(got.args[0]);
  }
}
