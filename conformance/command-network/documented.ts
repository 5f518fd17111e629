import { z } from "zod";

/**
 * What command-network.md guarantees about the server's answers: the shapes a check may demand. Kept apart from
 * protocols/command-network/, whose schemas are the reference server's whole answers (the codes, messages and key
 * names REAL-SERVERS.md adds), so that no check holds another server to the reference server's choices.
 *
 * The document names the actions and what each returns, not their wire form. What the suite sends is the binding
 * REAL-SERVERS.md gives, since without one no check could talk to a server at all: the event names, one ack per
 * action, the `{name}`, `{appName}` and `{command, meta, target, mirror}` payloads and the `command` push. What it
 * reads is every form a server may answer in, brought to one shape by the preprocessors below: success or failure
 * (`success`, `ok`, an `error` carried, or the returned value bare), a list bare or under `clients`/`commands`, a
 * client's connection status and last connection time under any spelling of those names, a command's name under
 * `command` or `name`. Every object is loose (extra keys kept, so a failure report shows the whole answer); codes,
 * messages, per-target results, `newClient`, `source` and `timestamp` are not demanded here.
 */

/** § Theory 1 "unique identifier": its type is not given, so a number is one too. */
export const documentedId = z.union([z.string().min(1), z.number()]);
export type DocumentedId = z.infer<typeof documentedId>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Whether an answer without a boolean `success` says the action failed: `ok: false`, or an error carried. */
const carriesError = (o: Record<string, unknown>): boolean =>
  o.ok === false || (o.error ?? o.errors ?? false) !== false;

/**
 * The document names no ack form, so an answer is read in every form a server may choose and brought to the binding's
 * `{success, ...}`: a boolean `success` as sent; an object that carries an error (`error`, `errors`, `ok: false`) a
 * failure; any other object, or `true`, a success; and, where the action returns one thing (`key`), that thing bare
 * (an id, a list) a success carrying it under `key`.
 */
const asAnswer =
  (key?: "id" | "clients" | "commands") =>
  (v: unknown): unknown => {
    if (typeof v === "boolean") return { success: v };
    if (isRecord(v)) {
      if (typeof v.success === "boolean") return v;
      if (carriesError(v)) return { ...v, success: false };
      if (key === undefined || Object.hasOwn(v, key)) return { ...v, success: true };
      return { success: true, [key]: v };
    }
    return key === undefined || v === undefined || v === null ? v : { success: true, [key]: v };
  };

/** Any answer: `success` says whether the action was done; nothing else is guaranteed. */
export const documentedAnswer = z.preprocess(asAnswer(), z.looseObject({ success: z.boolean() }));
export type DocumentedAnswer = z.infer<typeof documentedAnswer>;

/** § Theory 1: get_id "Returns the current client's unique identifier". */
export const documentedIdAnswer = z.preprocess(
  asAnswer("id"),
  z.union([
    z.looseObject({ success: z.literal(true), id: documentedId }),
    z.looseObject({ success: z.literal(false) }),
  ]),
);

/** A key as written without case or separators: `connection status`, `connection_status`, `connectionStatus` alike. */
const bare = (key: string) => key.toLowerCase().replace(/[^a-z]/g, "");
const STATUS_KEYS = new Set(["connected", "isconnected", "connectionstatus", "status", "online"]);
const TIME_KEYS = new Set(["lastconnected", "lastconnection", "lastconnectiontime", "lastconnectedat", "lastseen"]);
const CONNECTED = /^(connected|online|true)$/i;
const NOT_CONNECTED = /^(disconnected|not connected|offline|false)$/i;

/** A connection status as a boolean or as words ("connected", "offline"); anything else is left to fail the schema. */
const statusOf = (v: unknown): unknown =>
  typeof v !== "string" ? v : CONNECTED.test(v) ? true : NOT_CONNECTED.test(v) ? false : v;

/**
 * The document names the three data, not their keys (it writes them as `connection status`, `last connection
 * time`): an entry's status and time are read under any spelling of those names or REAL-SERVERS.md's, as
 * `connected` and `lastConnected`.
 */
function asClientEntry(v: unknown): unknown {
  if (!isRecord(v) || (Object.hasOwn(v, "connected") && Object.hasOwn(v, "lastConnected"))) return v;
  const out: Record<string, unknown> = { ...v };
  for (const [key, value] of Object.entries(v)) {
    if (out.connected === undefined && STATUS_KEYS.has(bare(key))) out.connected = statusOf(value);
    if (out.lastConnected === undefined && TIME_KEYS.has(bare(key))) out.lastConnected = value;
  }
  return out;
}

/**
 * A time in any form a server may pick (ms or s since the epoch, as a number or digits, or a date text Date.parse
 * reads), but a time: an empty or unreadable string is no "last connection time".
 */
const connectionTime = z.union([
  z.number().finite().nonnegative(),
  z.string().refine((t) => /^\d+(\.\d+)?$/.test(t) || !Number.isNaN(Date.parse(t)), "not a time"),
]);

/** § Theory 2: "each `id`, `connection status`, and `last connection time`"; a time in any form (ms, s, ISO text). */
const clientEntry = z.preprocess(
  asClientEntry,
  z.looseObject({
    id: documentedId,
    connected: z.boolean(),
    lastConnected: connectionTime,
  }),
);
export type DocumentedClient = z.infer<typeof clientEntry>;

/**
 * § Theory 2 "a list of registered clients": keyed by name (REAL-SERVERS.md) or an array whose entries carry the
 * `name` they registered with (the register payload's key), in any order.
 */
export const documentedClientsAnswer = z.preprocess(
  asAnswer("clients"),
  z.union([
    z.looseObject({
      success: z.literal(true),
      clients: z.union([
        z.record(z.string(), clientEntry),
        z.array(z.intersection(clientEntry, z.looseObject({ name: z.string() }))),
      ]),
    }),
    z.looseObject({ success: z.literal(false) }),
  ]),
);
export type DocumentedClientsAnswer = z.infer<typeof documentedClientsAnswer>;

/** The entry of get_clients for `name`, whichever list form the server chose. */
export function clientEntryOf(ack: DocumentedClientsAnswer, name: string): DocumentedClient | undefined {
  if (!ack.success) return undefined;
  const { clients } = ack;
  if (Array.isArray(clients)) return clients.find((c) => c.name === name);
  return Object.hasOwn(clients, name) ? clients[name] : undefined;
}

/**
 * § Sending Commands calls a command's identifier its `name`; REAL-SERVERS.md's wire calls it `command`. A command
 * (delivered or listed) is read under either key, as `command`.
 */
const asCommand = (v: unknown): unknown =>
  isRecord(v) && v.command === undefined && typeof v.name === "string" ? { ...v, command: v.name } : v;

/**
 * § Theory 3 "a list of the past commands": each entry is a command, so its name; its `meta` and `target` may be
 * absent (a command sent without meta stored as it came, DECISIONS.md D10). Source and time are REAL-SERVERS.md's.
 */
export const documentedPastCommand = z.preprocess(
  asCommand,
  z.looseObject({
    command: z.string(),
    meta: z.unknown().optional(),
    target: z.unknown().optional(),
  }),
);
export type DocumentedPastCommand = z.infer<typeof documentedPastCommand>;

export const documentedPastAnswer = z.preprocess(
  asAnswer("commands"),
  z.union([
    z.looseObject({ success: z.literal(true), commands: z.array(documentedPastCommand) }),
    z.looseObject({ success: z.literal(false) }),
  ]),
);

/** § Receiving Commands: the receiver hooks a command by its name and gets its meta (absent when none was sent). */
export const documentedDelivery = z.preprocess(
  asCommand,
  z.looseObject({ command: z.string(), meta: z.unknown().optional() }),
);
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
