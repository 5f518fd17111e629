import { Mismatch, type SioClient } from "../../index.js";
import type { Ctx } from "../doc.js";
import { documentedListing, documentedStatus, lists } from "../documented.js";
import { EVENT_KINDS, type EventKind } from "../fixtures.js";
import { isCurrent, type Login, outcomeOf } from "../session.js";

/**
 * How many clients a sequence drives (the first starts authenticated, so most sequences reach the actions), and
 * how many script paths it plays with (few, so sequences often act on one that exists).
 */
export const CLIENTS = 3;
export const SLOTS = 2;

/** What the document says the target holds, as far as this sequence can know it. */
export interface NeoModel {
  /** Per client: has it succeeded authenticateToken (§ Connect step 3)? */
  readonly authed: boolean[];
  /** Per client: the events it joined while authenticated (§ "Events"). */
  readonly joined: Set<EventKind>[];
  /**
   * Per client: the events it asked to join before authenticating. Until then it gets nothing (§ Connect step 3);
   * whether such a join counts once it authenticates is not the document's (D5 chose not), so once authenticated it
   * may or may not receive them, until it joins (then it must) or leaves (then it must not).
   */
  readonly askedEarly: Set<EventKind>[];
  /** The slots (indices into `real.paths`) that exist on the target. */
  readonly created: Set<number>;
  /**
   * The current script: a slot, the currentScript the target showed at setup, or undefined once unknown (deleting
   * the current script leaves it to the server, D17).
   */
  current: { readonly slot: number } | { readonly shown: string } | undefined;
}

/** The connected clients and what the sequence found on the target. */
export interface NeoReal {
  readonly ctx: Ctx;
  readonly login: Login;
  readonly clients: readonly SioClient[];
  /** A client outside the model that sets up and cleans up. */
  readonly observer: SioClient;
  /** Fresh `local/volley_...` paths, one per slot. */
  readonly paths: readonly string[];
  /** The event name for each kind the fixtures name. */
  readonly events: Partial<Record<EventKind, string>>;
  /** Acks to actions of unauthenticated clients, looked at once the sequence ends (D5: they carry no data). */
  readonly unanswered: Promise<{ event: string; client: string; ack: unknown } | undefined>[];
}

export const clientOf = (real: NeoReal, i: number): SioClient => real.clients[i] as SioClient;
export const pathOf = (real: NeoReal, slot: number): string => real.paths[slot] as string;

/**
 * The slots whose listing under `local` disagrees with the model: each created one must be listed, each other one
 * not. Other entries are not judged (the document does not say what an entry is, and scripts may come from
 * elsewhere), only this sequence's own paths.
 */
export const listingProblems = (m: NeoModel, r: NeoReal, local: readonly unknown[]): string[] =>
  r.paths.flatMap((path, slot) =>
    lists(local, path) === m.created.has(slot) ? [] : [`${path} ${m.created.has(slot) ? "missing" : "still listed"}`],
  );

/** Whether a status shows the model's current script (D11: by path or by name). */
export function showsCurrent(m: NeoModel, r: NeoReal, currentScript: string): boolean {
  const cur = m.current;
  if (cur === undefined) return true;
  return "slot" in cur ? isCurrent(currentScript, pathOf(r, cur.slot)) : currentScript === cur.shown;
}

/** Does client `i` receive `kind` pushes? Only when authenticated and joined (D5, D18). */
export const receives = (m: NeoModel, i: number, kind: EventKind) =>
  (m.authed[i] ?? false) && (m.joined[i]?.has(kind) ?? false);

/**
 * Every client that must not receive an event kind has none buffered. With `windowMs`, the first look waits that
 * long, so anything still in flight arrives first (the end of a sequence).
 */
export async function expectQuiet(m: NeoModel, r: NeoReal, windowMs = 0): Promise<void> {
  let wait = windowMs;
  for (let i = 0; i < r.clients.length; i++) {
    for (const kind of EVENT_KINDS) {
      const name = r.events[kind];
      const mayReceive = (m.authed[i] ?? false) && (m.askedEarly[i]?.has(kind) ?? false);
      if (name === undefined || receives(m, i, kind) || mayReceive) continue;
      const client = clientOf(r, i);
      const seen = await client.silence(name, wait);
      wait = 0;
      if (seen.kind === "event") {
        const why = m.authed[i] ? "has not joined it" : "has not authenticated";
        throw new Mismatch({
          title: `${client.name}, which ${why}, receives no ${name}`,
          expected: "nothing",
          actual: seen.args[0],
        });
      }
    }
  }
}

/**
 * Every client that receives `kind` gets a push that `fits` within the timeout; other pushes of that event on
 * the way (an earlier change, a script that exited) are passed over.
 */
export async function expectPushes(
  m: NeoModel,
  r: NeoReal,
  kind: EventKind,
  fits: (payload: unknown) => boolean,
  what: string,
): Promise<void> {
  const name = r.events[kind];
  if (name === undefined) return;
  for (let i = 0; i < r.clients.length; i++) {
    if (!receives(m, i, kind)) continue;
    const client = clientOf(r, i);
    const seen: unknown[] = [];
    for (;;) {
      const got = await client.next(name, r.ctx.timeoutMs);
      if (got.kind === "timeout") {
        throw new Mismatch({
          title: `${client.name}, joined to ${name}, receives ${what}`,
          expected: what,
          actual: seen.length > 0 ? seen : "nothing",
        });
      }
      if (fits(got.args[0])) break;
      seen.push(got.args[0]);
    }
  }
}

/** A pushed status that shows the model's current script. */
export const statusFits = (m: NeoModel, r: NeoReal) => (p: unknown) => {
  const parsed = documentedStatus.safeParse(p);
  return parsed.success && showsCurrent(m, r, parsed.data.currentScript);
};

/** A pushed list that holds what the model holds. */
export const listFits = (m: NeoModel, r: NeoReal) => (p: unknown) => {
  const listing = documentedListing.safeParse(p);
  return listing.success && listingProblems(m, r, listing.data.local).length === 0;
};

/** What an unauthenticated client's action must never be answered with (§ Connect step 3): data, or a success. */
export const leaks = (ack: unknown): boolean =>
  documentedStatus.safeParse(ack).success || documentedListing.safeParse(ack).success || outcomeOf(ack)?.res === true;

/** Sends an action from an unauthenticated client; its ack, if any, is judged when the sequence ends. */
function sendUnauthenticated(r: NeoReal, i: number, event: string, args: readonly unknown[]): void {
  const client = clientOf(r, i);
  r.unanswered.push(
    client
      .emitAck(event, args, r.ctx.silenceMs)
      .then((reply) =>
        reply.kind === "event" && leaks(reply.args[0]) ? { event, client: client.name, ack: reply.args[0] } : undefined,
      ),
  );
}

/** An action of a client that has not authenticated: sent, judged at the end (D5). True when that was the case. */
export async function sentUnauthenticated(
  m: NeoModel,
  r: NeoReal,
  i: number,
  event: string,
  args: readonly unknown[],
): Promise<boolean> {
  if (m.authed[i]) return false;
  sendUnauthenticated(r, i, event, args);
  await expectQuiet(m, r);
  return true;
}
