import type { Step } from "./scenario.js";

type Leaf = Exclude<Step, { users: unknown } | { socket: unknown }>;

/** The leaf steps user `vu` runs, in order: `users` ranges applied, a `socket` step's flow included. */
function* leaves(flow: readonly Step[], vu: number): Generator<Leaf> {
  for (const step of flow) {
    if ("users" in step) {
      const { from, to, flow: only } = step.users;
      if (vu >= from && (to === undefined || vu < to)) yield* leaves(only, vu);
    } else if ("socket" in step) yield* leaves(step.socket.flow, vu);
    else yield step;
  }
}

/** The rate of user `vu`'s first `openLoop` as the file gives it; undefined when that user sends on no schedule. */
export function firstLoopRate(flow: readonly Step[], vu: number): number | undefined {
  for (const step of leaves(flow, vu)) if ("openLoop" in step) return step.openLoop.rate;
  return undefined;
}

/**
 * The seconds user `vu`'s flow is scheduled to take: pauses, holds and open loops (with `--duration` applied),
 * not the waits for replies, which depend on the server.
 */
export function scheduledSeconds(flow: readonly Step[], vu: number, durationSeconds: number | undefined): number {
  let seconds = 0;
  for (const step of leaves(flow, vu)) {
    if ("think" in step) seconds += step.think / 1000;
    else if ("hold" in step) seconds += (durationSeconds ?? step.hold.durationSeconds) + step.hold.graceSeconds;
    else if ("openLoop" in step) seconds += durationSeconds ?? step.openLoop.durationSeconds;
  }
  return seconds;
}

type Loop = Extract<Leaf, { openLoop: unknown }>["openLoop"];

/** The metric a loop's messages are counted under, as the virtual user names it. */
function loopMetric(loop: Loop): string {
  if ("emitAck" in loop) return loop.emitAck.metric ?? `ack:${loop.emitAck.event}`;
  if ("emitAwait" in loop) return loop.emitAwait.metric ?? `reply:${loop.emitAwait.event}`;
  return `sent:${loop.emit.event}`;
}

/**
 * The messages user `vu`'s open loops plan to send, per metric: `rate x duration` each (at least one), as the loop
 * schedules them, with `ratePerUser` and `durationSeconds` (the flags) applied.
 */
export function plannedMessages(
  flow: readonly Step[],
  vu: number,
  ratePerUser: number | undefined,
  durationSeconds: number | undefined,
): Map<string, number> {
  const planned = new Map<string, number>();
  for (const step of leaves(flow, vu)) {
    if (!("openLoop" in step)) continue;
    const loop = step.openLoop;
    const n = Math.max(1, Math.round((ratePerUser ?? loop.rate) * (durationSeconds ?? loop.durationSeconds)));
    planned.set(loopMetric(loop), (planned.get(loopMetric(loop)) ?? 0) + n);
  }
  return planned;
}

/** The steps user `vu` runs in `flow`, a `socket` step counted with the steps of its flow. */
export function stepCount(flow: readonly Step[], vu: number): number {
  let n = 0;
  for (const step of flow) {
    if ("users" in step) {
      const { from, to, flow: only } = step.users;
      if (vu >= from && (to === undefined || vu < to)) n += stepCount(only, vu);
    } else if ("socket" in step) n += 1 + stepCount(step.socket.flow, vu);
    else n += 1;
  }
  return n;
}

/**
 * Users 0..`users`-1 as classes of users running the same steps: `[vu, howMany]`. Past the largest bound of any
 * `users` range every user runs the same steps, so a flow of a few ranges has a few classes whatever `users` is.
 */
function* userClasses(flow: readonly Step[], users: number): Generator<[vu: number, count: number]> {
  const distinct = Math.min(users, 1 + largestBound(flow));
  for (let vu = 0; vu < distinct; vu++) yield [vu, vu === distinct - 1 ? users - vu : 1];
}

function largestBound(flow: readonly Step[]): number {
  let n = 0;
  for (const step of flow) {
    if ("users" in step) n = Math.max(n, step.users.from, step.users.to ?? 0, largestBound(step.users.flow));
    else if ("socket" in step) n = Math.max(n, largestBound(step.socket.flow));
  }
  return n;
}

/** How many of users 0..`users`-1 run an `openLoop`: the users `--rate` is shared by. */
export function sendingUsers(flow: readonly Step[], users: number): number {
  let n = 0;
  for (const [vu, count] of userClasses(flow, users)) if (firstLoopRate(flow, vu) !== undefined) n += count;
  return n;
}

/** The send rate of users 0..`users`-1 all in their first `openLoop` at once, at `ratePerUser` or the file's rates. */
export function combinedFirstLoopRate(flow: readonly Step[], users: number, ratePerUser: number | undefined): number {
  let rate = 0;
  for (const [vu, count] of userClasses(flow, users)) {
    const own = firstLoopRate(flow, vu);
    if (own !== undefined) rate += (ratePerUser ?? own) * count;
  }
  return rate;
}

/** The longest schedule (`scheduledSeconds`) among users 0..`users`-1. */
export function longestSchedule(flow: readonly Step[], users: number, durationSeconds: number | undefined): number {
  let longest = 0;
  for (const [vu] of userClasses(flow, users)) longest = Math.max(longest, scheduledSeconds(flow, vu, durationSeconds));
  return longest;
}

/** Whether some user of 0..`users`-1 sends or waits for a message: a run of such a flow must deliver one. */
export function expectsMessages(flow: readonly Step[], users: number): boolean {
  for (const [vu] of userClasses(flow, users)) {
    for (const step of leaves(flow, vu)) if (!("think" in step) && !("hold" in step)) return true;
  }
  return false;
}
