import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { json } from "node:stream/consumers";
import { Server, type Socket } from "socket.io";
import { listenOnLoopback } from "../../support/loopback.js";

/**
 * Defects a test may plant, one at a time; without one the server follows nestmtx.md wherever it speaks.
 * Each should fail a fitting check (variation.test.ts says which).
 */
export const VARIATION_DEFECTS = {
  /** delete answers success but keeps the row. */
  deleteKeepsRow: "delete-keeps-row",
  /** updates are not emitted on `nestmtx:*`. */
  noApplicationWildcard: "no-application-wildcard",
  /** errors carry no message: `{error: {code}}`. */
  errorsWithoutMessage: "errors-without-message",
  /** an expired token is let in. */
  expiredAccepted: "expired-accepted",
  /** log entries at level 10 (pino's trace), which the document's table does not have. */
  pinoTrace: "pino-trace",
  /** a tokenless socket is served like an authenticated one. */
  anonymousServed: "anonymous-served",
  /** a token it never issued is let in and kept (told, but not put out). */
  unknownTokenKept: "unknown-token-kept",
  /** a list without a payload (the document's own example) is answered with an error. */
  listNeedsPayload: "list-needs-payload",
} as const;
export type VariationDefect = (typeof VARIATION_DEFECTS)[keyof typeof VARIATION_DEFECTS];

const MODULES = ["users", "cameras", "credentials"] as const;
type Module = (typeof MODULES)[number];
const COMMANDS = new Set(["list", "create", "read", "update", "delete"]);
/** Names Socket.IO will not emit: a request naming one as its requestId cannot be answered on it. */
const RESERVED = new Set(["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"]);
const INFO = 40;
const WARN = 50;

type Row = Record<string, unknown> & { id: number };
type Request = Record<string, unknown>;
type Answer = (value: unknown) => void;

/** The most the server waits before an answer or a push: the document says nothing of timing. */
const MAX_DELAY_MS = 20;

/**
 * Runs each action 0-20 ms late, one connection's actions strictly in the order they were asked for (as Socket.IO
 * keeps one connection's packets in order): one queue and one timer per connection, so no two timers can swap.
 */
function later(): (key: object, action: () => void) => void {
  const queues = new WeakMap<object, { due: number; action: () => void }[]>();
  const drain = (queue: { due: number; action: () => void }[]) => {
    while (queue.length > 0 && (queue[0]?.due ?? 0) <= Date.now()) queue.shift()?.action();
    if (queue.length > 0) setTimeout(() => drain(queue), Math.max(0, (queue[0]?.due ?? 0) - Date.now()));
  };
  return (key, action) => {
    const queue = queues.get(key) ?? [];
    queues.set(key, queue);
    const due = Math.max(queue.at(-1)?.due ?? 0, Date.now() + Math.random() * MAX_DELAY_MS);
    queue.push({ due, action });
    if (queue.length === 1) setTimeout(() => drain(queue), due - Date.now());
  };
}

/**
 * A NestMTX server written from nestmtx.md alone that takes the other road at every DECISIONS.md item and wherever
 * the document allows more than one answer: plain Socket.IO 4; integer ids that `entity` must carry as numbers (the
real server wants text, D5); a token accepted in whichever of the three
 * places holds a valid one (D1: the first present), an unknown one let in and disconnected at once (no middleware
 * refusal), an expired one refused with its own message, a tokenless socket let in but answered errors; no `auth` module
 * (D2); requests without a usable requestId answered on `request-rejected` (D3); acks called with the answer as well
 * (D4); `entity` on list/create and unknown keys ignored (D5, REAL-SERVERS); JSON strings refused (D6); updates and
 * logs pushed to every socket, tokenless ones too (D7); errors in four shapes, none the real server's (D14: `{error:
 * {message, code}}`, `{error: "..."}`, `{message, status}`, a bare string), a read of a missing camera answered
 * `null`; credentials refused without a `label` of its own naming, create answered `{created: {...}}`, update `{updated: true}`, delete `{deleted: n}`, list `{module, page: {rows, count}}`
 * oldest first (D9); an unknown command answered `{errors: [{message}], success: false}`; a missing camera `null` or
 * `{}`; the password shown hashed (D9); updates published `nestmtx:*` first and on the bare `<event>`
 * too, with `emitted` in whole seconds and a per-socket `deliveredAt` (D13); log entries with `pid` as digits and
 * `timestamp` to the second with a `+00:00` offset, every request logged, nothing replayed on connect (D16,
 * REAL-SERVERS); unknown events answered on `unknown-event` (D15); a `welcome` event on connect; every answer and
 * push 0-20 ms late, in order per connection.
 */
export async function startVariationServer(defect?: VariationDefect) {
  const token = `vt-${randomBytes(16).toString("hex")}`;
  const expiredToken = `vt-${randomBytes(16).toString("hex")}`;
  const tables: Record<Module, Map<number, Row>> = {
    users: new Map([[1, { id: 1, username: "owner", password: "#hashed" }]]),
    credentials: new Map([[1, { id: 1, description: "home" }]]),
    cameras: new Map([[1, { id: 1, name: "porch", credential_id: 1 }]]),
  };
  let nextId = 2;
  const late = later();
  const http = createServer((req, res) => void route(req, res));
  const io = new Server(http);

  const everyone = (event: string, payload: (socket: Socket) => unknown) => {
    for (const socket of io.of("/").sockets.values()) late(socket, () => socket.emit(event, payload(socket)));
  };
  const log = (level: number, msg: string) => {
    const time = Date.now();
    const timestamp = new Date(Math.floor(time / 1000) * 1000).toISOString().replace(".000Z", "+00:00");
    const entry = {
      level: defect === VARIATION_DEFECTS.pinoTrace ? 10 : level,
      time,
      timestamp,
      msg,
      service: "variation-api",
      hostname: "variation",
      pid: String(process.pid),
      context: { origin: "variation" },
    };
    everyone("log", () => entry);
  };
  const publish = (domain: string, event: string, entity: unknown, details: Record<string, unknown> = {}) => {
    const update = { event, domain, entity: entity ?? null, details: { source: "variation", ...details } };
    const emitted = Math.round(Date.now() / 1000);
    const topics = [
      ...(defect === VARIATION_DEFECTS.noApplicationWildcard ? [] : ["nestmtx:*"]),
      `${domain}:*`,
      `${domain}:${event}`,
      event,
    ];
    for (const topic of topics) everyone(topic, () => ({ ...update, emitted, deliveredAt: Date.now() }));
  };

  /** The fixtures' trigger: `PUT /variation/events/<domain>/<event>?key=<token>` with `{entity}`. */
  async function route(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", "http://variation");
    const [, base, events, domain, event] = url.pathname.split("/");
    if (req.method !== "PUT" || base !== "variation" || events !== "events" || !domain || !event)
      return res.writeHead(404).end();
    if (url.searchParams.get("key") !== token) return res.writeHead(403).end();
    const { entity } = (await json(req)) as { entity?: unknown };
    publish(domain, event, entity, { via: "http" });
    res.writeHead(200, { "content-type": "application/json" }).end('{"published":true}');
  }

  // nestmtx.md § Using the Token: any of the three places; whichever holds a valid token wins.
  io.use((socket, next) => {
    const { headers, auth, query } = socket.handshake;
    const offered = [
      headers.authorization?.replace(/^Bearer\s+/i, ""),
      (auth as { token?: unknown }).token,
      query.token,
    ].filter((t): t is string => typeof t === "string" && t !== "");
    if (offered.length === 0) return next();
    if (offered.includes(token) || (defect === VARIATION_DEFECTS.expiredAccepted && offered.includes(expiredToken))) {
      socket.data.user = "owner";
      return next();
    }
    if (!offered.includes(expiredToken)) {
      // A token it never issued: let in, told why, and put out at once (the document's "reject the connection").
      socket.data.rejected = true;
      return next();
    }
    next(Object.assign(new Error("token expired, sign in again"), { data: { code: 401 } }));
  });

  const failure = (message: string, form: "object" | "string" | "top" | "bare"): unknown => {
    if (defect === VARIATION_DEFECTS.errorsWithoutMessage) return { error: { code: "E_VARIATION" } };
    if (form === "object") return { error: { message, code: "E_VARIATION" } };
    if (form === "string") return { error: message };
    return form === "top" ? { message, status: 400 } : message;
  };
  const shown = (row: Row) => ({ ...row, ...("password" in row ? { password: "#hashed" } : {}), kind: "row" });

  function answer(socket: Socket, r: Request): unknown {
    if (socket.data.user === undefined && defect !== VARIATION_DEFECTS.anonymousServed)
      return failure("sign in first", "string");
    const { command, module, entity, payload } = r;
    if (typeof command !== "string" || !COMMANDS.has(command))
      return defect === VARIATION_DEFECTS.errorsWithoutMessage
        ? failure("", "object")
        : { errors: [{ message: "unsupported command", path: "command" }], success: false };
    if (!MODULES.includes(module as Module)) return failure(`no module named ${String(module)}`, "top");
    const table = tables[module as Module];
    const body = typeof payload === "object" && payload !== null && !Array.isArray(payload) ? payload : undefined;
    if ((command === "create" || command === "update") && body === undefined)
      return failure("payload is required for create and update", "bare");
    if (command === "list" && body === undefined && defect === VARIATION_DEFECTS.listNeedsPayload)
      return failure("payload is required", "object");
    if (command === "list") {
      const results = [...table.values()].map(shown);
      return { module, page: { rows: results, count: results.length } };
    }
    if (command === "create") {
      // Its own rule for a field the document does not name: credentials need a `label`.
      if (module === "credentials" && typeof (body as { label?: unknown } | undefined)?.label !== "string")
        return failure("credentials need a label", "object");
      const row = { ...body, id: nextId++ };
      table.set(row.id, row);
      if (module === "credentials") publish("credentials", "authenticated", row.id);
      if (module === "cameras") publish("camera", "ready", row.id);
      return { created: shown(row) };
    }
    if (entity === undefined) return failure("entity required", "object");
    // D5's other road: the id as the number it is answered as; "5" is not an id here.
    if (typeof entity !== "number") return failure("entity must be a number", "object");
    const row = table.get(entity);
    if (row === undefined) {
      if (command === "delete") return { deleted: 0 };
      if (module === "cameras") return command === "read" && typeof entity === "number" && entity % 2 === 0 ? {} : null;
      return module === "users" ? { error: { message: "not found" } } : failure("no such credentials", "string");
    }
    if (command === "read") return shown(row);
    if (command === "update") {
      Object.assign(row, body, { id: row.id });
      if (module === "credentials") publish("credentials", "reauthenticated", row.id);
      return { updated: true };
    }
    if (defect !== VARIATION_DEFECTS.deleteKeepsRow) table.delete(row.id);
    if (module === "credentials") publish("credentials", "unauthenticated", row.id);
    return { deleted: 1 };
  }

  io.on("connection", (socket) => {
    if (socket.data.rejected === true) {
      socket.emit("auth-error", { message: "who are you?" });
      if (defect !== VARIATION_DEFECTS.unknownTokenKept) return void socket.disconnect(true);
    }
    late(socket, () => socket.emit("welcome", { server: "variation", user: socket.data.user ?? null }));
    socket.on("request", (raw: unknown, ack?: Answer) => {
      const r = typeof raw === "object" && raw !== null && !Array.isArray(raw) ? (raw as Request) : undefined;
      const requestId = r?.requestId;
      if (r === undefined || typeof requestId !== "string" || requestId === "" || RESERVED.has(requestId)) {
        log(WARN, "a request without a usable requestId");
        return late(socket, () => socket.emit("request-rejected", { reason: "no usable requestId", got: raw }));
      }
      log(INFO, `request ${String(r.command)} ${String(r.module)}`);
      const value = answer(socket, r);
      late(socket, () => {
        socket.emit(requestId, value);
        if (typeof ack === "function") ack(value);
      });
    });
    socket.onAny((event: string) => {
      if (event !== "request") late(socket, () => socket.emit("unknown-event", { event }));
    });
  });

  const served = await listenOnLoopback(http, io);
  log(INFO, "variation server started");
  return { ...served, token, expiredToken };
}

/** The suite's fixtures for a variation server at `url`: its ids, its expired token, a trigger per event. */
export function variationFixtures(
  server: Awaited<ReturnType<typeof startVariationServer>>,
  events: readonly { domain: string; event: string }[],
) {
  const entity = randomUUID();
  return {
    // Written as text by the user; the server takes numbers only, so the suite must find the form.
    existing: { users: "1", cameras: "1", credentials: "1" },
    // Its credentials need a `label`, which the suite's own payload (the real server's fields) lacks.
    payloads: { credentials: { label: "volley", description: "made by the suite" } },
    expiredToken: server.expiredToken,
    triggers: events.map(({ domain, event }) => ({
      domain,
      event,
      entity,
      http: {
        method: "PUT",
        path: `/variation/events/${domain}/${event}?key=${server.token}`,
        body: { entity },
        bearer: false,
      },
    })),
  };
}
