import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { Server, type Socket } from "socket.io";
import { listenOnLoopback } from "../../support/loopback.js";
import { answerLater } from "./answer-later.js";

/** A name this server knows before any client connects: registered once, its app not connected now. */
export const KNOWN_CLIENT = "wall-display";

interface Registration {
  readonly id: string;
  socket: Socket | undefined;
  lastConnected: number;
}

interface PastCommand {
  readonly seq: number;
  readonly timestamp: number;
  readonly source: string;
  readonly target: unknown;
  readonly command: string;
  readonly meta?: unknown;
}

type Ack = (answer: unknown) => void;

const fail = (error: number, message: string) => ({ success: false, error, message, at: new Date().toISOString() });

const isName = (v: unknown): v is string => typeof v === "string" && v.length > 0;
const isTarget = (v: unknown) => v === null || v === undefined || isName(v) || (Array.isArray(v) && v.every(isName));

/**
 * A command network written from command-network.md (and REAL-SERVERS.md where the document is silent) by someone
 * who never read the reference server: plain socket.io 4, UUID ids, its own error texts with an extra `at` field,
 * past commands newest first with a sequence number and the sender's id as `source`, client entries with extra
 * fields, a `registered` event carrying the id, `client_disconnect` to every connection, a re-register that moves
 * the connection to the new name, `mirror` honoured for targeted commands too, `meta` left out when not sent,
 * `lastConnected` also moved on disconnect, bad input answered 400, and every answer and delivery 0-20 ms late
 * (in order per connection).
 */
export async function startCommandNetworkServer(): Promise<{ url: string; close(): Promise<void> }> {
  const http = createServer();
  const io = new Server(http);
  const clients = new Map<string, Registration>([
    [KNOWN_CLIENT, { id: randomUUID(), socket: undefined, lastConnected: Date.now() - 60_000 }],
  ]);
  const past: PastCommand[] = [];
  const later = answerLater();

  const deliver = (to: Socket, command: string, meta: unknown) =>
    later(to, () => to.emit("command", meta === undefined ? { command } : { command, meta }));

  io.on("connection", (socket) => {
    let name: string | undefined;
    const on = (event: string, fn: (payload: unknown, ack: Ack) => void) =>
      socket.on(event, (...args: unknown[]) => {
        const last = args.at(-1);
        const reply: Ack = typeof last === "function" ? (a) => later(socket, () => (last as Ack)(a)) : () => {};
        fn(typeof last === "function" ? args.slice(0, -1)[0] : args[0], reply);
      });
    const registered = (event: string, fn: (payload: unknown, ack: Ack, me: Registration, my: string) => void) =>
      on(event, (payload, ack) => {
        const me = name === undefined ? undefined : clients.get(name);
        if (name === undefined || me === undefined) return ack(fail(480, "register first, please"));
        fn(payload, ack, me, name);
      });

    on("register", (payload, ack) => {
      const wanted = (payload as { name?: unknown } | undefined)?.name;
      if (!isName(wanted)) return ack(fail(400, "a register needs a name"));
      const existing = clients.get(wanted);
      if (existing?.socket !== undefined && existing.socket !== socket) {
        ack(fail(450, `${wanted} is taken by a live connection`));
        return later(socket, () => socket.disconnect(true));
      }
      // A connection registering again moves to the new name; its old name is left disconnected.
      const old = name === undefined ? undefined : clients.get(name);
      if (old !== undefined && name !== wanted) old.socket = undefined;
      const entry = existing ?? { id: randomUUID(), socket, lastConnected: 0 };
      entry.socket = socket;
      entry.lastConnected = Date.now();
      clients.set(wanted, entry);
      name = wanted;
      ack({ success: true, newClient: existing === undefined, id: entry.id });
      later(socket, () => socket.emit("registered", { name: wanted, id: entry.id }));
    });

    registered("get_id", (payload, ack, me) => {
      const appName = (payload as { appName?: unknown } | undefined)?.appName;
      if (appName === undefined || appName === null) return ack({ success: true, id: me.id });
      const other = typeof appName === "string" ? clients.get(appName) : undefined;
      ack(other === undefined ? fail(440, `nobody called ${String(appName)}`) : { success: true, id: other.id });
    });

    registered("get_clients", (_payload, ack) => {
      const listed = Object.fromEntries(
        [...clients].map(([n, c]) => [
          n,
          { name: n, id: c.id, connected: c.socket !== undefined, lastConnected: c.lastConnected },
        ]),
      );
      ack({ success: true, count: clients.size, clients: listed });
    });

    registered("get_past_commands", (_payload, ack) => ack({ success: true, commands: [...past].reverse() }));

    registered("command", (payload, ack, me, my) => {
      const p = (payload ?? {}) as { command?: unknown; meta?: unknown; target?: unknown; mirror?: unknown };
      if (!isName(p.command) || !isTarget(p.target) || !["boolean", "undefined"].includes(typeof p.mirror)) {
        return ack(fail(400, "that command does not parse"));
      }
      const command = p.command;
      past.push({
        seq: past.length + 1,
        timestamp: Date.now(),
        source: me.id,
        target: p.target ?? null,
        command,
        ...(p.meta === undefined ? {} : { meta: p.meta }),
      });
      if (p.mirror === true) deliver(socket, command, p.meta);
      if (p.target === null || p.target === undefined) {
        for (const [n, c] of clients) if (n !== my && c.socket !== undefined) deliver(c.socket, command, p.meta);
        return ack({ success: true, broadcast: true });
      }
      const targets: Record<string, unknown> = {};
      for (const n of typeof p.target === "string" ? [p.target] : p.target) {
        const c = clients.get(n);
        if (c === undefined) targets[n] = fail(440, `nobody called ${n}`);
        else if (c.socket === undefined) targets[n] = fail(441, `${n} is offline`);
        else {
          if (c.socket !== socket || p.mirror !== true) deliver(c.socket, command, p.meta);
          targets[n] = { success: true, id: c.id };
        }
      }
      ack({ success: true, targets });
    });

    socket.on("disconnect", () => {
      const me = name === undefined ? undefined : clients.get(name);
      if (name === undefined || me === undefined || me.socket !== socket) return;
      me.socket = undefined;
      me.lastConnected = Date.now();
      io.emit("client_disconnect", { name, id: me.id, at: me.lastConnected });
    });
  });

  return listenOnLoopback(http, io);
}
