import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";

/**
 * A stand-in for socket-central-server (REAL-SERVERS.md § command-network.md), run as its own process because,
 * like the real one, it crashes the whole process when a command's `target` is neither null, a string nor an array,
 * and on a `null` register payload (issue 12 measured both on the real server).
 * Socket.IO 2 like the real server. Prints `listening <url>` on stdout once it accepts connections.
 *
 *   node --import tsx test/conformance/real-like/command-network-server.ts [known-client]
 *
 * Also like the real server: a broadcast is `socket.broadcast.emit` and `client_disconnect` is `io.emit`, so both
 * reach connections that never registered (DECISIONS.md D1, D3). The name given as the argument is registered and
 * disconnected from the start, as an app that came and went before the suite ran (the fixtures' knownClients).
 */

/** The part of a socket.io 2 server used here; socket.io-v2 ships no types. */
interface V2Socket {
  on(event: string, fn: (...args: unknown[]) => void): void;
  emit(event: string, ...args: unknown[]): void;
  broadcast: { emit(event: string, payload: unknown): void };
  disconnect(close: boolean): void;
}
interface V2Io {
  on(event: "connection", fn: (socket: V2Socket) => void): void;
  emit(event: string, payload: unknown): void;
}
type Ack = (res: unknown) => void;
interface Client {
  readonly id: string;
  socket: V2Socket | undefined;
  lastConnected: number;
}

const fail = (error: number, message: string) => ({ success: false, error, message });
const NOT_REGISTERED = fail(440, "Client not registered");
const NOT_CONNECTED = fail(441, "Client not connected");
const MUST_REGISTER = fail(480, "Client must register before calling");

const http = createServer();
const io = (createRequire(import.meta.url)("socket.io-v2") as (h: typeof http) => V2Io)(http);
/** shortid-like: the real server's ids are short random strings, kept for a name's lifetime. */
const newId = () => randomBytes(6).toString("base64url");
const clients = new Map<string, Client>();
const known = process.argv[2];
if (known !== undefined) clients.set(known, { id: newId(), socket: undefined, lastConnected: 0 });
const past: unknown[] = [];

io.on("connection", (socket) => {
  let me: string | undefined;
  /** The ack is the last argument when it is a function; the Python client sends commands without one. */
  const on = (event: string, fn: (data: Record<string, unknown>, ack: Ack) => void) =>
    socket.on(event, (...args: unknown[]) => {
      const last = args.at(-1);
      const ack: Ack = typeof last === "function" ? (last as Ack) : () => {};
      const data = args.length > 1 || typeof last !== "function" ? args[0] : undefined;
      fn(typeof data === "object" && data !== null ? (data as Record<string, unknown>) : {}, ack);
    });
  const registered =
    (fn: (data: Record<string, unknown>, ack: Ack, name: string) => void) =>
    (data: Record<string, unknown>, ack: Ack) =>
      me === undefined ? ack(MUST_REGISTER) : fn(data, ack, me);

  // The real server reads `name` of the payload as it came: a null payload throws, and the TypeError escapes the
  // handler and ends the process like a bad target does.
  socket.on("register", (data: unknown) => {
    if (data === null) throw new TypeError("Cannot read properties of null (reading 'name')");
  });
  on("register", ({ name }, ack) => {
    // REAL-SERVERS.md names no answer to a register without a name: this stand-in gives none.
    if (typeof name !== "string" || name === "") return;
    const known = clients.get(name);
    if (known?.socket !== undefined) {
      ack(fail(450, "Client already connected"));
      return socket.disconnect(true);
    }
    const client = known ?? { id: newId(), socket, lastConnected: 0 };
    Object.assign(client, { socket, lastConnected: Date.now() });
    clients.set(name, client);
    me = name;
    ack({ success: true, newClient: known === undefined });
    socket.emit("registered");
  });
  on(
    "get_id",
    registered(({ appName }, ack, name) => {
      const client = clients.get(appName === undefined || appName === null || appName === "" ? name : String(appName));
      ack(client === undefined ? NOT_REGISTERED : { success: true, id: client.id });
    }),
  );
  on(
    "get_clients",
    registered((_, ack) => {
      const list = [...clients].map(([n, c]) => [
        n,
        { id: c.id, connected: c.socket !== undefined, lastConnected: c.lastConnected },
      ]);
      ack({ success: true, clients: Object.fromEntries(list) });
    }),
  );
  on(
    "get_past_commands",
    registered((_, ack) => ack({ success: true, commands: past })),
  );
  on(
    "command",
    registered(({ command, meta, target, mirror }, ack, name) => {
      past.push({ timestamp: Date.now(), source: name, target, command, meta });
      if (target === null || target === undefined) {
        if (mirror === true) io.emit("command", { command, meta });
        else socket.broadcast.emit("command", { command, meta });
        return ack({ success: true });
      }
      // The real server's defect: it iterates whatever `target` is, and the TypeError on a number, boolean or
      // object escapes the event handler and ends the process (REAL-SERVERS.md).
      const names = (typeof target === "string" ? [target] : target) as string[];
      const targets: Record<string, unknown> = {};
      names.forEach((t) => {
        const client = clients.get(t);
        if (client === undefined) targets[t] = NOT_REGISTERED;
        else if (client.socket === undefined) targets[t] = NOT_CONNECTED;
        else {
          client.socket.emit("command", { command, meta });
          targets[t] = { success: true };
        }
      });
      ack({ success: true, targets });
    }),
  );
  socket.on("disconnect", () => {
    const client = me === undefined ? undefined : clients.get(me);
    if (client?.socket !== socket) return;
    client.socket = undefined;
    io.emit("client_disconnect", { name: me, id: client.id });
  });
});

http.listen(0, "127.0.0.1", () => {
  const { port } = http.address() as AddressInfo;
  process.stdout.write(`listening http://127.0.0.1:${port}\n`);
});
