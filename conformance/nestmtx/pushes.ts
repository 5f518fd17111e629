import { ALL_TOPICS } from "../../protocols/nestmtx/index.js";
import type { SioClient } from "../index.js";

/** Everything a NestMTX server pushes unasked: `log` entries and status updates (nestmtx.md § Getting Status Updates). */
export const PUSH_EVENTS: ReadonlySet<string> = new Set(["log", ...ALL_TOPICS]);

/** A replay of entries arrives in one burst: a gap this long ends it. */
const BURST_GAP_MS = 100;
/** Bounds a drain on a server that logs without pause. */
const MAX_DRAINED = 500;

/** The first of `events` to arrive within `ms` (consumed), or undefined. */
export async function firstOf(
  client: SioClient,
  events: readonly string[],
  ms: number,
): Promise<{ event: string; args: unknown[] } | undefined> {
  const got = await client.nextOf(events, ms);
  return got.kind === "event" ? got : undefined;
}

/** The first pushed event (log or any topic) within `ms`. */
export const firstPush = (client: SioClient, ms: number) => firstOf(client, [...PUSH_EVENTS], ms);

/**
 * Every `event` already buffered or arriving in one burst (ended by a short gap), consumed, first payload argument
 * each; waits up to `firstMs` for the first one.
 */
export async function drain(client: SioClient, event: string, firstMs = BURST_GAP_MS): Promise<unknown[]> {
  const got: unknown[] = [];
  let wait = firstMs;
  while (got.length < MAX_DRAINED) {
    const next = await client.silence(event, wait);
    if (next.kind !== "event") break;
    await client.next(event, 0);
    got.push(next.args[0]);
    wait = BURST_GAP_MS;
  }
  return got;
}
