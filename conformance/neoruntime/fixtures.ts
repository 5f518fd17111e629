import { z } from "zod";

/**
 * What the suite needs to know about the target beyond the credentials (`--user`/`--password` or `--token`).
 * neoruntime.md defines the `::join`/`::leave` mechanism but names no event (DECISIONS.md D13), so which events a
 * server pushes, and on what, comes from the user; checks needing an event the user did not name are skipped.
 */
export const neoruntimeFixtures = z
  .object({
    events: z
      .object({
        /** An event that pushes the runtime status when a script is selected. */
        status: z.string().min(1),
        /** An event that pushes the script list after a successful Create or Delete. */
        scripts: z.string().min(1),
        /** An event that pushes what the selected script prints. */
        output: z.string().min(1),
        /** How long the first printed line of a newly selected script may take; default the reply timeout. */
        outputWithinMs: z.number().int().positive(),
      })
      .partial()
      .strict()
      .default({}),
  })
  .strict();

export type NeoruntimeFixtures = z.infer<typeof neoruntimeFixtures>;

/** The kinds of pushed event a user may name, each with what sets it off. */
export const EVENT_KINDS = ["status", "scripts", "output"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** The events the user named, as `[kind, name]` pairs. */
export function namedEvents(fixtures: NeoruntimeFixtures): [EventKind, string][] {
  return EVENT_KINDS.flatMap((k) => {
    const name = fixtures.events[k];
    return name === undefined ? [] : [[k, name] as [EventKind, string]];
  });
}

export const NO_EVENTS_REASON =
  'no subscribable event named in the fixtures (the document names none): give {"events": {"status": ..., "scripts": ..., "output": ...}}';
