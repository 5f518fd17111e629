import { createServer } from "node:http";
import { createRequire } from "node:module";
import { Server } from "socket.io";
import { listenOnLoopback } from "../../support/loopback.js";
import { answerLater } from "../independent/answer-later.js";

/**
 * A command network written from command-network.md alone that makes the other choice wherever the document leaves
 * one open, so that the suite's `must` checks are held to the document and nothing more (issue 12). Where
 * DECISIONS.md or REAL-SERVERS.md settles a point for the reference server, this server does otherwise:
 *
 * - Ids are numbers (1, 2, ...), not strings (D13). `lastConnected` is an ISO text, moved on disconnect too (D14).
 * - Every answer is `{success, ...}` with extra keys; failures carry `error: {code: "<word>", message}`, never
 *   REAL-SERVERS.md's numeric 440/441/450/480 nor a top-level `message` (D5, D8, D17).
 * - register acks no `newClient`, emits `welcome` (and `register_successful`, D19), never `registered`; a name held
 *   by a live connection is refused and that connection stays open (D16); registering again moves the connection
 *   to the new name (D7).
 * - get_clients is an array of `{name, id, connected, lastConnected, ...}`, newest first; get_past_commands is
 *   newest first, `{command, meta?, target?, from, at}` (no `source`, no `timestamp`), a string target stored as a
 *   one-name array, and only commands that reached every target they named (D11).
 * - A command without meta is delivered and stored without the key (D10); a delivery carries extra `from`, `sentAt`.
 * - A broadcast reaches connections that never registered too (D1, the real server's way); a targeted command
 *   honours `mirror` (D9); a string target is a one-name array; per-target results are an array `results:
 *   [{name, success, error?}]`, and the ack's `success` is false unless every target got it.
 * - A command sent without an ack callback is ignored (D6). Payload keys the document does not name are refused
 *   (D18). Unknown events are answered with an `unknown_event` push (D15). Nobody gets `client_disconnect` (D3):
 *   registered connections get `roster {name, connected}` instead.
 * - A beacon (D21): a registered client of its own broadcasts `heartbeat` every 50 ms.
 * - Socket.IO 2 (`socket.io-v2`, as the real server) or 4; every answer and push 0-20 ms late, in order per
 *   connection.
 *
 * `defects` plants one departure from the document each, for the test to show a fitting check fails.
 */
export const VARIATION_KNOWN_CLIENT = "kiosk";

export const DEFECTS = [
  /** mirror: true does not send the command back to its sender. */
  "ignore-mirror",
  /** A broadcast without mirror comes back to its sender. */
  "echo-sender",
  /** A closed connection's registration is forgotten. */
  "forget-on-disconnect",
  /** get_id of a name never registered answers an id. */
  "id-for-unknown",
  /** A target array is delivered up to its first name that cannot be reached, not beyond. */
  "array-stops-at-unknown",
  /** get_clients and get_past_commands answer connections that never registered. */
  "serve-unregistered",
  /** Every register is refused. */
  "refuse-register",
  /** Commands are delivered without their meta. */
  "drop-meta",
] as const;
export type Defect = (typeof DEFECTS)[number];

/** What this server needs of a socket; both Socket.IO generations have it. */
interface AnySocket {
  on(event: string, fn: (...args: unknown[]) => void): void;
  use(fn: (packet: unknown[], next: (err?: Error) => void) => void): void;
  emit(event: string, ...args: unknown[]): void;
}
interface AnyIo {
  on(event: "connection", fn: (socket: AnySocket) => void): void;
  close(done?: (err?: Error) => void): void;
}

interface Registration {
  readonly id: number;
  socket: AnySocket | undefined;
  lastConnected: string;
}

interface Past {
  readonly command: string;
  readonly meta?: unknown;
  readonly target?: readonly string[];
  readonly from: string;
  readonly at: string;
}

type Ack = (answer: unknown) => void;
type Payload = Record<string, unknown>;

const BEACON = "variation-beacon";
const BEACON_MS = 50;
const PAST_BOUND = 500;
const ACTIONS = new Set(["register", "get_id", "get_clients", "get_past_commands", "command"]);

const refuse = (code: string, message: string) => ({ success: false, error: { code, message } });
const isName = (v: unknown): v is string => typeof v === "string" && v.length > 0;
const onlyKeys = (p: Payload, keys: readonly string[]) => Object.keys(p).every((k) => keys.includes(k));
const asPayload = (v: unknown): Payload | undefined =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Payload) : undefined;

export async function startVariationServer(
  options: { sio: 2 | 4; defects?: readonly Defect[] } = { sio: 2 },
): Promise<{ url: string; close(): Promise<void> }> {
  const defects = new Set(options.defects ?? []);
  const http = createServer();
  const io: AnyIo =
    options.sio === 4
      ? (new Server(http) as unknown as AnyIo)
      : (createRequire(import.meta.url)("socket.io-v2") as (h: typeof http) => AnyIo)(http);
  let nextId = 1;
  const now = () => new Date().toISOString();
  const clients = new Map<string, Registration>([
    [VARIATION_KNOWN_CLIENT, { id: nextId++, socket: undefined, lastConnected: now() }],
  ]);
  const connections = new Set<AnySocket>();
  const past: Past[] = [];
  const later = answerLater();
  const push = (to: AnySocket, event: string, payload: unknown) => later(to, () => to.emit(event, payload));
  const deliver = (to: AnySocket, from: string, command: string, meta: unknown) =>
    push(to, "command", {
      command,
      ...(meta === undefined || defects.has("drop-meta") ? {} : { meta }),
      from,
      sentAt: Date.now() / 1000,
    });
  const live = () => [...clients].flatMap(([name, c]) => (c.socket === undefined ? [] : [{ name, socket: c.socket }]));

  /** command-network.md § Sending Commands, from `from` on `socket` (undefined for the beacon). */
  function relay(from: string, socket: AnySocket | undefined, p: Payload): unknown {
    const command = p.command as string;
    const meta = p.meta;
    const mirror = p.mirror === true;
    const record = (target?: readonly string[]) =>
      past.unshift({
        command,
        ...(meta === undefined ? {} : { meta }),
        ...(target ? { target } : {}),
        from,
        at: now(),
      });
    if (p.target === null || p.target === undefined) {
      const toSender = (mirror && !defects.has("ignore-mirror")) || defects.has("echo-sender");
      // Every connection, registered or not, like socket.broadcast in the real server.
      for (const to of connections) if (to !== socket || toSender) deliver(to, from, command, meta);
      record();
      past.splice(PAST_BOUND);
      return { success: true, delivered: "all" };
    }
    const names = typeof p.target === "string" ? [p.target] : (p.target as string[]);
    const results: unknown[] = [];
    let stopped = false;
    for (const name of names) {
      const c = clients.get(name);
      if (c?.socket === undefined || stopped) {
        stopped ||= defects.has("array-stops-at-unknown");
        results.push({ name, success: false, error: refuse(c === undefined ? "unknown_app" : "offline", name).error });
        continue;
      }
      deliver(c.socket, from, command, meta);
      results.push({ name, success: true, id: c.id });
    }
    if (mirror && socket !== undefined && !names.includes(from)) deliver(socket, from, command, meta);
    const success = results.every((r) => (r as { success: boolean }).success);
    if (success) record(names);
    past.splice(PAST_BOUND);
    return { success, results };
  }

  clients.set(BEACON, { id: nextId++, socket: undefined, lastConnected: now() });
  let beats = 0;
  const beacon = setInterval(() => relay(BEACON, undefined, { command: "heartbeat", meta: { n: ++beats } }), BEACON_MS);

  io.on("connection", (socket) => {
    connections.add(socket);
    let me: string | undefined;
    socket.use((packet, next) => {
      const event = packet[0];
      if (typeof event === "string" && !ACTIONS.has(event)) push(socket, "unknown_event", { event });
      next();
    });
    /** The ack is the last argument when it is a function; without one an action is not done (D6, other choice). */
    const on = (event: string, fn: (payload: unknown, ack: Ack) => void) =>
      socket.on(event, (...args: unknown[]) => {
        const last = args.at(-1);
        if (typeof last !== "function") return;
        fn(args.length > 1 ? args[0] : undefined, (a) => later(socket, () => (last as Ack)(a)));
      });
    const registered = (event: string, fn: (payload: unknown, ack: Ack, name: string) => void, serveAll = false) =>
      on(event, (payload, ack) => {
        if (me !== undefined) return fn(payload, ack, me);
        if (serveAll && defects.has("serve-unregistered")) return fn(payload, ack, "");
        ack(refuse("register_first", "register with an app name first"));
      });

    on("register", (payload, ack) => {
      const p = asPayload(payload);
      if (p === undefined || !isName(p.name) || !onlyKeys(p, ["name"]) || defects.has("refuse-register")) {
        return ack(refuse("bad_register", "register needs {name}"));
      }
      const wanted = p.name;
      const held = clients.get(wanted);
      if (held?.socket !== undefined && held.socket !== socket) return ack(refuse("name_taken", `${wanted} is live`));
      const old = me === undefined ? undefined : clients.get(me);
      if (old !== undefined && me !== wanted) old.socket = undefined;
      const entry = held ?? { id: nextId++, socket, lastConnected: now() };
      Object.assign(entry, { socket, lastConnected: now() });
      clients.set(wanted, entry);
      me = wanted;
      ack({ success: true, name: wanted, id: entry.id });
      push(socket, "welcome", { name: wanted, id: entry.id });
      push(socket, "register_successful", { name: wanted });
    });

    registered("get_id", (payload, ack, name) => {
      const p = asPayload(payload) ?? {};
      const appName = p.appName ?? name;
      if (!isName(appName) || !onlyKeys(p, ["appName"])) return ack(refuse("bad_get_id", "appName is a name"));
      const entry = clients.get(appName);
      if (entry !== undefined) return ack({ success: true, name: appName, id: entry.id });
      if (defects.has("id-for-unknown")) return ack({ success: true, name: appName, id: nextId++ });
      ack(refuse("unknown_app", `${appName} never registered`));
    });

    registered(
      "get_clients",
      (_payload, ack) => {
        const list = [...clients].reverse().map(([name, c]) => ({
          name,
          id: c.id,
          connected: c.socket !== undefined || name === BEACON,
          lastConnected: c.lastConnected,
          kind: name === BEACON ? "beacon" : "app",
        }));
        ack({ success: true, total: list.length, clients: list });
      },
      true,
    );

    registered("get_past_commands", (_payload, ack) => ack({ success: true, commands: past }), true);

    registered("command", (payload, ack, name) => {
      const p = asPayload(payload);
      const target = p?.target;
      const targetOk =
        target === null || target === undefined || isName(target) || (Array.isArray(target) && target.every(isName));
      const valid =
        p !== undefined &&
        isName(p.command) &&
        targetOk &&
        (p.mirror === undefined || typeof p.mirror === "boolean") &&
        onlyKeys(p, ["command", "meta", "target", "mirror"]);
      if (!valid) return ack(refuse("bad_command", "command needs {command, meta?, target?, mirror?}"));
      ack(relay(name, socket, p));
    });

    socket.on("disconnect", () => {
      connections.delete(socket);
      const entry = me === undefined ? undefined : clients.get(me);
      if (me === undefined || entry?.socket !== socket) return;
      if (defects.has("forget-on-disconnect")) clients.delete(me);
      else Object.assign(entry, { socket: undefined, lastConnected: now() });
      for (const other of live()) push(other.socket, "roster", { name: me, connected: false });
    });
  });

  return listenOnLoopback(http, io, () => clearInterval(beacon));
}
