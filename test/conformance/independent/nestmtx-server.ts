import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { Server, type Socket } from "socket.io";
import { listenOnLoopback } from "../../support/loopback.js";
import { answerLater } from "./answer-later.js";

/** A token this server issued to its one user, and one it issued long ago and has since expired. */
export const NESTMTX_TOKEN = `tok_${randomBytes(24).toString("hex")}`;
export const NESTMTX_EXPIRED_TOKEN = `tok_${randomBytes(24).toString("hex")}`;

/** The entities the server starts with, one per module, with UUID ids. */
export const NESTMTX_EXISTING = { users: randomUUID(), cameras: randomUUID(), credentials: randomUUID() } as const;

/** Where an HTTP POST `{domain, event, entity}` with the bearer token publishes one status update. */
export const PUBLISH_PATH = "/indie/publish";

const MODULES = ["users", "cameras", "credentials"] as const;
const COMMANDS = ["list", "create", "read", "update", "delete"] as const;
const KEYS = new Set(["command", "module", "requestId", "entity", "payload"]);
/** The replay on connect is the last 100 entries (REAL-SERVERS.md). */
const REPLAYED = 100;
/** Event names Socket.IO will not emit: a request naming one as its requestId cannot be answered. */
const RESERVED = new Set(["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"]);
/** Secrets are taken, never shown. */
const SECRET = new Set(["password", "oauth_client_secret"]);

type Row = Record<string, unknown> & { id: string };
type Request = Record<string, unknown>;

/**
 * A NestMTX server written from nestmtx.md (and REAL-SERVERS.md where it is silent) by someone who never read the
 * reference server: plain socket.io 4, UUID entity ids, `tok_` tokens, tokenless connections refused, its own error
 * texts with `details` as an object, `list` a bare array oldest first, rows with an extra `kind` field, updates
 * carrying `emittedAt` (ms) instead of `at`, every request logged at debug, log entries with an extra field, and
 * every answer and push 0-20 ms late (in order per connection).
 */
export async function startNestmtxServer(): Promise<{ url: string; close(): Promise<void> }> {
  const rows: Record<(typeof MODULES)[number], Map<string, Row>> = {
    users: new Map([[NESTMTX_EXISTING.users, { id: NESTMTX_EXISTING.users, kind: "user", username: "owner" }]]),
    cameras: new Map([[NESTMTX_EXISTING.cameras, { id: NESTMTX_EXISTING.cameras, kind: "camera", name: "porch" }]]),
    credentials: new Map([
      [NESTMTX_EXISTING.credentials, { id: NESTMTX_EXISTING.credentials, kind: "credential", description: "home" }],
    ]),
  };
  const logs: Record<string, unknown>[] = [];
  const later = answerLater();
  const http = createServer((req, res) => publishRoute(req, res));
  const io = new Server(http);

  const broadcast = (event: string, payload: unknown) => {
    for (const socket of io.of("/").sockets.values()) later(socket, () => socket.emit(event, payload));
  };
  const log = (level: number, msg: string) => {
    const now = new Date();
    const entry = {
      hostname: "indie-box",
      level,
      msg,
      pid: process.pid,
      service: "indie",
      time: now.getTime(),
      timestamp: now.toISOString(),
      seq: logs.length,
    };
    logs.push(entry);
    if (logs.length > REPLAYED) logs.shift();
    broadcast("log", entry);
  };
  const publish = (domain: string, event: string, entity: unknown) => {
    const update = { domain, event, entity: entity ?? null, details: { source: "indie" }, emittedAt: Date.now() };
    for (const topic of [`${domain}:${event}`, `${domain}:*`, "nestmtx:*"]) broadcast(topic, update);
  };

  function publishRoute(req: IncomingMessage, res: ServerResponse) {
    if (req.method !== "POST" || req.url !== PUBLISH_PATH) return res.writeHead(404).end();
    if (req.headers.authorization !== `Bearer ${NESTMTX_TOKEN}`) return res.writeHead(401).end();
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      const { domain, event, entity } = JSON.parse(body) as { domain: string; event: string; entity?: unknown };
      publish(domain, event, entity);
      res.writeHead(204).end();
    });
  }

  // nestmtx.md § Using the Token; REAL-SERVERS.md: header first, then auth.token, then query.token.
  io.use((socket, next) => {
    const header = socket.handshake.headers.authorization;
    const auth = (socket.handshake.auth as { token?: unknown }).token;
    const query = socket.handshake.query.token;
    const token = header !== undefined ? header.replace(/^Bearer /, "") : (auth ?? query);
    if (token === NESTMTX_TOKEN) return next();
    next(new Error(token === undefined ? "a token is required" : "that token is not valid here"));
  });

  const error = (message: string, details: Record<string, unknown>, context: unknown) => ({
    error: { message, details, context },
  });

  function answer(request: Request): unknown {
    const unknown = Object.keys(request).filter((k) => !KEYS.has(k));
    if (unknown.length > 0) return error("unexpected keys", { keys: unknown }, request);
    const { command, module, entity, payload } = request;
    if (!COMMANDS.includes(command as never)) return error("no such command", { command }, request);
    if (!MODULES.includes(module as never)) return error("no such module", { module }, request);
    const table = rows[module as (typeof MODULES)[number]];
    const needsEntity = command === "read" || command === "update" || command === "delete";
    const id = typeof entity === "string" || typeof entity === "number" ? String(entity) : undefined;
    if (needsEntity && id === undefined) return error("which one?", { missing: "entity" }, request);
    const needsPayload = command === "create" || command === "update";
    const body = typeof payload === "object" && payload !== null && !Array.isArray(payload) ? payload : undefined;
    if (needsPayload && body === undefined) return error("nothing to write", { missing: "payload" }, request);
    const visible = (row: Row) => Object.fromEntries(Object.entries(row).filter(([k]) => !SECRET.has(k)));
    const kind = (module as string).replace(/s$/, "");
    switch (command) {
      case "list":
        return [...table.values()].map(visible);
      case "create": {
        const row = { ...body, id: randomUUID(), kind };
        table.set(row.id, row);
        if (module === "credentials") publish("credentials", "authenticated", row.id);
        log(40, `${kind} ${row.id} created`);
        return visible(row);
      }
    }
    const row = id === undefined ? undefined : table.get(id);
    if (row === undefined) {
      return command === "delete" ? { removed: 0 } : error("nothing by that id", { entity: id }, request);
    }
    if (command === "read") return visible(row);
    if (command === "update") {
      Object.assign(row, body, { id: row.id, kind });
      return visible(row);
    }
    table.delete(row.id);
    return { removed: 1, was: visible(row) };
  }

  io.on("connection", (socket: Socket) => {
    for (const entry of logs) later(socket, () => socket.emit("log", entry));
    socket.on("request", (raw: unknown) => {
      const request = typeof raw === "object" && raw !== null ? (raw as Request) : undefined;
      const requestId = request?.requestId;
      // Without a requestId there is nowhere to answer: the request is dropped (the document names no other event).
      if (request === undefined || typeof requestId !== "string" || requestId === "" || RESERVED.has(requestId)) return;
      log(30, `request ${String(request.command)} ${String(request.module)}`);
      const value = answer(request);
      later(socket, () => socket.emit(requestId, value));
    });
  });

  const served = await listenOnLoopback(http, io);
  log(40, "indie nestmtx started");
  return served;
}
