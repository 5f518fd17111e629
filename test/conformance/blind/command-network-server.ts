import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { listenOnLoopback } from "../../support/loopback.js";

/**
 * A command-network server written from protocols/seeds/command-network.md alone, to check Volley's suite with.
 * Where the document is silent it makes its own choices, on purpose unlike the real socket-central-server:
 * acks carry the bare value ("Returns the current client's unique identifier" → the id string; "Returns a list" →
 * an array), errors are `{error: {code, message}}`, times are ISO strings, past commands come newest first, a
 * command reaches receivers as `command` `{name, meta, source}` (the document calls the identifier `name`), and
 * `target` must be null/absent or an array of names (the document names only those two forms).
 */

/** The Socket.IO 2 surface used here; socket.io-v2 ships no types. */
interface V2Socket {
  readonly id: string;
  on(event: string, fn: (...args: unknown[]) => void): void;
  emit(event: string, ...args: unknown[]): void;
}
interface V2Server {
  on(event: "connection", fn: (socket: V2Socket) => void): void;
  close(done?: (err?: Error) => void): void;
}

const ERRORS = {
  not_registered: "register with an app name first",
  already_registered: "this connection is already registered",
  invalid_name: "an app name must be a non-empty string",
  name_in_use: "a connected client is already registered with this name",
  unknown_client: "no client is registered with this name",
  invalid_command: "a command needs a non-empty string name",
  invalid_target: "target must be null or an array of names",
  invalid_mirror: "mirror must be true or false",
} as const;
type ErrorCode = keyof typeof ERRORS;

interface Client {
  readonly name: string;
  readonly id: string;
  socket: V2Socket | undefined;
  lastConnection: string;
}

interface PastCommand {
  readonly name: string;
  readonly meta: unknown;
  readonly target: readonly string[] | null;
  readonly mirror: boolean;
  readonly source: string;
  readonly time: string;
}

type Ack = (answer: unknown) => void;

function fail(code: ErrorCode): { error: { code: ErrorCode; message: string } } {
  return { error: { code, message: ERRORS[code] } };
}

/** Splits a handler's arguments into its payload and its ack, whichever the client left out. */
function split(args: unknown[]): { payload: unknown; ack: Ack } {
  const last = args[args.length - 1];
  if (typeof last === "function") return { payload: args.length > 1 ? args[0] : undefined, ack: last as Ack };
  return { payload: args[0], ack: () => {} };
}

/**
 * An app name given bare or as `{name}` / `{appName}` (the document names the concept, not the key): the name,
 * `absent` when none was given, `invalid` when the one given is not a non-empty string.
 */
function nameIn(payload: unknown): { name: string } | "absent" | "invalid" {
  if (payload === undefined || payload === null) return "absent";
  const given =
    typeof payload === "object"
      ? ((payload as { name?: unknown; appName?: unknown }).name ?? (payload as { appName?: unknown }).appName)
      : payload;
  if (given === undefined) return "absent";
  return typeof given === "string" && given !== "" ? { name: given } : "invalid";
}

const isNameList = (t: unknown): t is string[] => Array.isArray(t) && t.every((n) => typeof n === "string");

/** Where this server may answer unlike the default one, each also a reading of the document. */
export interface BlindNetOptions {
  /**
   * `false`: `register` is never acked, success or failure: the document gives it no return value ("To start, a
   * client must register with the server with an app name"), unlike the five actions that return something.
   */
  readonly registerAck?: boolean;
}

export async function startCommandNetworkServer(
  options: BlindNetOptions = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const http = createServer();
  const io = (createRequire(import.meta.url)("socket.io-v2") as (h: typeof http) => V2Server)(http);
  const clients = new Map<string, Client>();
  const past: PastCommand[] = [];

  io.on("connection", (socket) => {
    let me: Client | undefined;

    /** Runs `act` for a registered client; anyone else is told to register (document: "To start, a client must register"). */
    const registered =
      (act: (client: Client, payload: unknown, ack: Ack) => void) =>
      (...args: unknown[]) => {
        const { payload, ack } = split(args);
        if (me === undefined) ack(fail("not_registered"));
        else act(me, payload, ack);
      };

    socket.on("register", (...args) => {
      const { payload, ack: callback } = split(args);
      const ack: Ack = options.registerAck === false ? () => {} : callback;
      if (me !== undefined) return ack(fail("already_registered"));
      const given = nameIn(payload);
      if (typeof given === "string") return ack(fail("invalid_name"));
      const { name } = given;
      const known = clients.get(name);
      if (known?.socket !== undefined) return ack(fail("name_in_use"));
      // A known name that comes back keeps its id: the id is the one "stored in the list of registered clients".
      const client: Client = known ?? { name, id: randomUUID(), socket: undefined, lastConnection: "" };
      client.socket = socket;
      client.lastConnection = new Date().toISOString();
      clients.set(name, client);
      me = client;
      ack({ id: client.id, name });
    });

    socket.on(
      "get_id",
      registered((client, payload, ack) => {
        const given = nameIn(payload);
        if (given === "absent") return ack(client.id);
        if (given === "invalid") return ack(fail("invalid_name"));
        const other = clients.get(given.name);
        ack(other === undefined ? fail("unknown_client") : other.id);
      }),
    );

    socket.on(
      "get_clients",
      registered((_client, _payload, ack) =>
        ack(
          [...clients.values()].map((c) => ({
            name: c.name,
            id: c.id,
            status: c.socket === undefined ? "disconnected" : "connected",
            lastConnectionTime: c.lastConnection,
          })),
        ),
      ),
    );

    socket.on(
      "get_past_commands",
      registered((_client, _payload, ack) => ack([...past].reverse())),
    );

    socket.on(
      "command",
      registered((client, payload, ack) => {
        const p = (typeof payload === "object" && payload !== null ? payload : {}) as Record<string, unknown>;
        const name = p.name ?? p.command;
        if (typeof name !== "string" || name === "") return ack(fail("invalid_command"));
        const target = p.target ?? null;
        if (target !== null && !isNameList(target)) return ack(fail("invalid_target"));
        if (p.mirror !== undefined && p.mirror !== null && typeof p.mirror !== "boolean") {
          return ack(fail("invalid_mirror"));
        }
        const mirror = p.mirror === true;
        const receivers =
          target === null
            ? [...clients.values()].filter((c) => c !== client || mirror)
            : [...new Set(mirror ? [...target, client.name] : target)].map((n) => clients.get(n) ?? n);
        const deliveredTo: string[] = [];
        const notDelivered: Record<string, "not_registered" | "not_connected"> = {};
        for (const r of receivers) {
          if (typeof r === "string") notDelivered[r] = "not_registered";
          else if (r.socket === undefined) notDelivered[r.name] = "not_connected";
          else {
            r.socket.emit("command", { name, meta: p.meta, source: client.name });
            deliveredTo.push(r.name);
          }
        }
        past.push({ name, meta: p.meta, target, mirror, source: client.name, time: new Date().toISOString() });
        ack({ deliveredTo, notDelivered });
      }),
    );

    // "disconnect - Soft disconnects the client": the registration stays, marked disconnected, its id kept.
    socket.on("disconnect", () => {
      if (me !== undefined) me.socket = undefined;
    });
  });

  return listenOnLoopback(http, io);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { url } = await startCommandNetworkServer();
  console.log(url);
}
