import { z } from "zod";

/**
 * What command-network.md guarantees about the server's answers: the shapes a check may demand. Kept apart from
 * protocols/command-network/, whose schemas are the reference server's whole answers (the codes, messages and key
 * names REAL-SERVERS.md adds), so that no check holds another server to the reference server's choices.
 *
 * The document names the actions and what each returns, not their wire form. The wire binding is the one
 * REAL-SERVERS.md gives, since without one no check could talk to a server at all: the event names, one ack per
 * action, a boolean `success` in every ack, the `{name}`, `{appName}` and `{command, meta, target, mirror}` payloads
 * and the `command` push. Beyond the binding a key is demanded only for a datum the document itself names, spelled as
 * REAL-SERVERS.md spells it: a client's `id`, connection status (`connected`) and last connection time
 * (`lastConnected`), a command's name (`command`) and `meta`, and the two lists (`clients`, `commands`). Every object
 * is loose (extra keys kept, so a failure report shows the whole answer); codes, messages, per-target results,
 * `newClient`, `source` and `timestamp` are not demanded here.
 */

/** § Theory 1 "unique identifier": its type is not given, so a number is one too. */
export const documentedId = z.union([z.string().min(1), z.number()]);
export type DocumentedId = z.infer<typeof documentedId>;

/** Any answer: `success` says whether the action was done; nothing else is guaranteed. */
export const documentedAnswer = z.looseObject({ success: z.boolean() });
export type DocumentedAnswer = z.infer<typeof documentedAnswer>;

/** § Theory 1: get_id "Returns the current client's unique identifier". */
export const documentedIdAnswer = z.union([
  z.looseObject({ success: z.literal(true), id: documentedId }),
  z.looseObject({ success: z.literal(false) }),
]);

/** § Theory 2: "each `id`, `connection status`, and `last connection time`"; a time in any form (ms, s, ISO text). */
const clientEntry = z.looseObject({
  id: documentedId,
  connected: z.boolean(),
  lastConnected: z.union([z.number(), z.string()]),
});
export type DocumentedClient = z.infer<typeof clientEntry>;

/**
 * § Theory 2 "a list of registered clients": keyed by name (REAL-SERVERS.md) or an array whose entries carry the
 * `name` they registered with (the register payload's key), in any order.
 */
export const documentedClientsAnswer = z.union([
  z.looseObject({
    success: z.literal(true),
    clients: z.union([z.record(z.string(), clientEntry), z.array(clientEntry.extend({ name: z.string() }))]),
  }),
  z.looseObject({ success: z.literal(false) }),
]);
export type DocumentedClientsAnswer = z.infer<typeof documentedClientsAnswer>;

/** The entry of get_clients for `name`, whichever list form the server chose. */
export function clientEntryOf(ack: DocumentedClientsAnswer, name: string): DocumentedClient | undefined {
  if (!ack.success) return undefined;
  const { clients } = ack;
  if (Array.isArray(clients)) return clients.find((c) => c.name === name);
  return Object.hasOwn(clients, name) ? clients[name] : undefined;
}

/**
 * § Theory 3 "a list of the past commands": each entry is a command, so its name; its `meta` and `target` may be
 * absent (a command sent without meta stored as it came, DECISIONS.md D10). Source and time are REAL-SERVERS.md's.
 */
export const documentedPastCommand = z.looseObject({
  command: z.string(),
  meta: z.unknown().optional(),
  target: z.unknown().optional(),
});
export type DocumentedPastCommand = z.infer<typeof documentedPastCommand>;

export const documentedPastAnswer = z.union([
  z.looseObject({ success: z.literal(true), commands: z.array(documentedPastCommand) }),
  z.looseObject({ success: z.literal(false) }),
]);

/** § Receiving Commands: the receiver hooks a command by its name and gets its meta (absent when none was sent). */
export const documentedDelivery = z.looseObject({ command: z.string(), meta: z.unknown().optional() });
export type DocumentedDelivery = z.infer<typeof documentedDelivery>;

/** One target's result: whether the command was delivered to it. */
const targetResult = z.looseObject({ success: z.boolean() });
export type TargetResult = z.infer<typeof targetResult>;

/**
 * The result for target `name` in a command's ack, under any key (REAL-SERVERS.md says "per-target results" and
 * names no key): an object value of the ack keyed by target name (`targets: {<name>: result}`), or an array value
 * whose entries name their target in some field (`results: [{name, success}]`). Undefined when there is none.
 */
export function targetResultIn(ack: Readonly<Record<string, unknown>>, name: string): TargetResult | undefined {
  for (const value of Object.values(ack)) {
    if (Array.isArray(value)) {
      for (const entry of value) {
        const parsed = targetResult.safeParse(entry);
        if (parsed.success && Object.values(parsed.data).includes(name)) return parsed.data;
      }
    } else if (typeof value === "object" && value !== null && Object.hasOwn(value, name)) {
      const parsed = targetResult.safeParse((value as Record<string, unknown>)[name]);
      if (parsed.success) return parsed.data;
    }
  }
  return undefined;
}
