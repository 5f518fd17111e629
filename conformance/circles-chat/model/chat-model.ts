import { Mismatch, type SioClient } from "../../index.js";
import type { EntityId, Identity } from "../fixtures.js";
import { isForward } from "../payloads.js";
import { type Arrival, answerOf, barrier, type Ctx, describeArrival, drain, firstOf } from "../session.js";

export type RoomKind = "conversation" | "circle";

/** What the model knows: who may join what (the fixtures) and who has joined what (the commands so far). */
export interface ChatModel {
  readonly actors: readonly Identity[];
  /** Room kind → id → names of the members the fixtures list. */
  readonly members: Readonly<Record<RoomKind, ReadonlyMap<EntityId, ReadonlySet<string>>>>;
  /** Room kind → actor name → ids of the rooms it has joined. */
  readonly joined: Record<RoomKind, Map<string, Set<EntityId>>>;
}

/** One signed-in client per actor, by name. */
export interface ChatReal {
  readonly ctx: Ctx;
  readonly clients: ReadonlyMap<string, SioClient>;
}

export const isMember = (m: ChatModel, kind: RoomKind, id: EntityId, name: string) =>
  m.members[kind].get(id)?.has(name) === true;
export const hasJoined = (m: ChatModel, kind: RoomKind, id: EntityId, name: string) =>
  m.joined[kind].get(name)?.has(id) === true;
export function setJoined(m: ChatModel, kind: RoomKind, id: EntityId, name: string, joined: boolean) {
  const ids = m.joined[kind].get(name) ?? new Set<EntityId>();
  if (joined) ids.add(id);
  else ids.delete(id);
  m.joined[kind].set(name, ids);
}

/** A push one actor must (or may) get on any of `events`, and what is wrong with a payload, if anything. */
export interface Delivery {
  readonly to: string;
  readonly events: readonly string[];
  readonly problems: (payload: unknown) => string[];
}

/** The events through which one client's share of a command could show up; anything left over is a departure. */
const WATCHED = ["success", "error", "message", "writing", "media", "webrtc_forward"] as const;

export function clientOf(real: ChatReal, name: string): SioClient {
  const client = real.clients.get(name);
  if (client === undefined) throw new Error(`no client for ${name}`);
  return client;
}

/** The actor's answer on `success`/`error`, checked against what the model allows. */
export async function expectAnswer(
  real: ChatReal,
  command: string,
  actor: string,
  allowed: readonly ("success" | "error")[],
): Promise<Arrival> {
  const got = await answerOf(real.ctx, clientOf(real, actor));
  if (!(allowed as readonly string[]).includes(got.event))
    throw new Mismatch({
      title: `${command}: ${actor}'s answer`,
      expected: `an emit on ${allowed.map((a) => `"${a}"`).join(" or ")}`,
      actual: describeArrival(got),
    });
  return got;
}

/**
 * Waits for every required delivery, then makes one round trip per client (session.ts `barrier`) and requires
 * that nothing else arrived anywhere: a push to a client the model does not expect is a leak, an extra answer a
 * departure. `optional` deliveries may or may not arrive (the sender's own copy: DECISIONS.md D11, D12).
 * Without `roundTrip` only what is already buffered is looked at: for commands that push nothing, whose stray
 * pushes the next command's round trip still catches. It halves the cost of a sequence on a slow server.
 */
export async function settle(
  real: ChatReal,
  command: string,
  required: readonly Delivery[],
  optional: readonly Delivery[] = [],
  { roundTrip = true }: { readonly roundTrip?: boolean } = {},
): Promise<void> {
  const { ctx } = real;
  for (const d of required) {
    const got = await firstOf(clientOf(real, d.to), d.events, ctx.timeoutMs);
    const problems = got.event === "none" ? [`nothing on ${d.events.join(" or ")}`] : d.problems(got.args[0]);
    if (problems.length > 0)
      throw new Mismatch({
        title: `${command}: what ${d.to} receives: ${problems.join("; ")}`,
        expected: d.events,
        actual: describeArrival(got),
      });
  }
  const names = [...real.clients.keys()];
  const forwards = roundTrip ? await Promise.all(names.map((n) => barrier(ctx, clientOf(real, n)))) : [];
  // Clients at once (each look at an empty buffer costs a timer tick), one waiter per client at a time.
  const drained = await Promise.all(
    names.map(async (n) => {
      const found: { event: string; payloads: unknown[] }[] = [];
      for (const event of WATCHED) found.push({ event, payloads: await drain(clientOf(real, n), event) });
      return found;
    }),
  );
  for (const [i, name] of names.entries()) {
    const left = [
      ...(forwards[i] ?? []).map((payload) => ({ event: "webrtc_config", payload })),
      ...(drained[i] ?? []).flatMap(({ event, payloads }) => payloads.map((payload) => ({ event, payload }))),
    ];
    const unexpected = left.filter(
      ({ event, payload }) =>
        !optional.some((d) => d.to === name && d.events.includes(event) && d.problems(payload).length === 0) &&
        !(event === "webrtc_config" && !isForward(payload)),
    );
    if (unexpected.length > 0)
      throw new Mismatch({
        title: `${command}: ${name} receives something the document does not send it`,
        expected: "nothing more",
        actual: unexpected.map(({ event, payload }) => ({ [event]: payload })),
      });
  }
}
