import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { hostname } from "node:os";
import { json } from "node:stream/consumers";
import { Server, type Socket } from "socket.io";
import { listenOnLoopback } from "../../support/loopback.js";

/** A user of the stand-in, its live bearer token, and a token it issued that has expired. */
export const NESTMTX_LIKE = {
  user: { username: "admin", password: "nestmtx-admin" },
  token: `oat_${randomBytes(18).toString("base64url")}`,
  expiredToken: `oat_${randomBytes(18).toString("base64url")}`,
  /** One row per documented module, there from the start (the real server's ids are integers). */
  existing: { users: 1, cameras: 1, credentials: 1 },
} as const;

/**
 * Where `POST {domain, event, entity}` with the bearer token publishes one status update. The real server publishes
 * when MediaMTX calls it back or credentials refresh; this route stands in for those causes, which no check needs.
 */
export const PUBLISH_PATH = "/stand-in/publish";

const COMMANDS = ["list", "create", "read", "update", "delete"];
const KEYS = new Set(["command", "module", "requestId", "entity", "payload"]);
const RESERVED = new Set(["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"]);
const SECRETS = new Set(["password", "oauth_client_secret"]);
/**
 * pino's info, as the real server logs each request (DECISIONS.md D10, D16). The document calls 30 debug; the
 * number is in its table, so no check can see the difference: only a pino trace (10) would fail nestmtx.logs.levels.
 */
const INFO = 30;
/** REAL-SERVERS.md: the last 100 log entries are replayed on connect. */
const REPLAYED = 100;
/** Sockets with a token: the ones that get logs and status updates. */
const AUTHED = "authenticated";

type Row = Record<string, unknown> & { id: number };
/** A JSON string's value; text that is not JSON is no request, answered on `failure` like a number would be. */
function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
type Request = Record<string, unknown>;
const error = (message: string, details: unknown, context: unknown) => ({ error: { message, details, context } });

/**
 * A stand-in for NestMTX (REAL-SERVERS.md § nestmtx.md): socket.io 4 with allowEIO3; the token read from the
 * Authorization header, then auth.token, then query.token, and a tokenless socket let in to use the `auth` module
 * only; requests validated (entity for read/update/delete, payload for create/update, no unknown keys), answered
 * bare on the requestId event or `{error: {message, details, context}}`; modules besides the documented three
 * (auth, health, version); each update emitted on `<domain>:<event>`, `<domain>:*` and the bare `<event>` but not
 * on `nestmtx:*`; the last 100 log entries replayed on connect, then each new one broadcast, every request logged.
 */
export async function startNestmtxLikeServer(): Promise<{ url: string; close(): Promise<void> }> {
  const now = () => new Date().toISOString();
  const tables: Record<string, Map<number, Row>> = {
    users: new Map([[1, { id: 1, username: NESTMTX_LIKE.user.username, created_at: now(), updated_at: now() }]]),
    credentials: new Map([[1, { id: 1, description: "home", oauth_client_id: "c", is_authenticated: true }]]),
    cameras: new Map([[1, { id: 1, credential_id: 1, name: "porch", room: "front", mtx_path: "porch" }]]),
  };
  let nextId = 2;
  const logs: Record<string, unknown>[] = [];
  const http = createServer((req, res) => publishRoute(req, res));
  const io = new Server(http, { allowEIO3: true });

  const log = (msg: string) => {
    const at = new Date();
    const entry = { hostname: hostname(), level: INFO, msg, pid: process.pid, service: "nestmtx" };
    logs.push({ ...entry, time: at.getTime(), timestamp: at.toISOString() });
    if (logs.length > REPLAYED) logs.shift();
    io.to(AUTHED).emit("log", logs.at(-1));
  };
  const publish = (domain: string, event: string, entity: unknown) => {
    const update = { domain, event, entity: entity ?? null, details: {}, at: Date.now() };
    for (const topic of [`${domain}:${event}`, `${domain}:*`, event]) io.to(AUTHED).emit(topic, update);
  };

  async function publishRoute(req: IncomingMessage, res: ServerResponse) {
    if (req.method !== "POST" || req.url !== PUBLISH_PATH) return res.writeHead(404).end();
    if (req.headers.authorization !== `Bearer ${NESTMTX_LIKE.token}`) return res.writeHead(401).end();
    const { domain, event, entity } = (await json(req)) as { domain: string; event: string; entity?: unknown };
    publish(domain, event, entity);
    res.writeHead(204).end();
  }

  io.use((socket, next) => {
    const header = socket.handshake.headers.authorization?.replace(/^Bearer /, "");
    const token = header ?? (socket.handshake.auth as { token?: unknown }).token ?? socket.handshake.query.token;
    if (token === undefined) return next();
    if (token !== NESTMTX_LIKE.token) return next(new Error("Unauthorized"));
    socket.data.authed = true;
    next();
  });

  /** The envelope's rules (REAL-SERVERS.md); the problems found, empty when it is valid. */
  function problems(r: Request): string[] {
    const found = Object.keys(r)
      .filter((k) => !KEYS.has(k))
      .map((k) => `unknown key ${k}`);
    const { command, module, entity, payload } = r;
    if (!COMMANDS.includes(command as string)) found.push("command must be list, create, read, update or delete");
    if (typeof module !== "string" || module === "") found.push("module must be a string");
    const needsEntity = ["read", "update", "delete"].includes(command as string);
    const goodEntity =
      (typeof entity === "string" && /^\d{1,15}$/.test(entity)) || (Number.isInteger(entity) && (entity as number) > 0);
    if (needsEntity ? !goodEntity : entity !== undefined)
      found.push(`entity ${needsEntity ? "required" : "not allowed"}`);
    const isObject = typeof payload === "object" && payload !== null && !Array.isArray(payload);
    const needsPayload = command === "create" || command === "update";
    if (needsPayload && !isObject) found.push("payload required");
    if ((command === "read" || command === "delete") && payload !== undefined) found.push("payload not allowed");
    return found;
  }

  function answer(socket: Socket, r: Request): unknown {
    const bad = problems(r);
    if (bad.length > 0) return error("Invalid Request", bad, r);
    const { command, module, entity, payload } = r as {
      command: string;
      module: string;
      entity?: unknown;
      payload?: Request;
    };
    if (module === "auth") {
      if (command !== "create") return error("Command not supported by module", [], r);
      if (socket.data.authed === true) return error("Already logged in", [], r);
      const { username, password } = payload ?? {};
      if (username !== NESTMTX_LIKE.user.username || password !== NESTMTX_LIKE.user.password)
        return error("Invalid user credentials", [], r);
      return {
        bearer: NESTMTX_LIKE.token,
        expiration: new Date(Date.now() + 86_400_000).toISOString(),
        user: tables.users?.get(1),
      };
    }
    if (socket.data.authed !== true) return error("Unauthorized", [], r);
    if (module === "health" || module === "version")
      return command === "list"
        ? module === "health"
          ? { status: "ok" }
          : { version: "stand-in" }
        : error("Command not supported by module", [], r);
    const table = tables[module];
    if (table === undefined) return error("Module not initialized", [], r);
    const shown = (row: Row) => Object.fromEntries(Object.entries(row).filter(([k]) => !SECRETS.has(k)));
    if (command === "list") {
      const items = [...table.values()].reverse();
      return {
        search: null,
        page: 1,
        itemsPerPage: 10,
        sortBy: null,
        total: items.length,
        items: items.slice(0, 10).map(shown),
      };
    }
    if (command === "create") {
      const row = { ...payload, id: nextId++, created_at: now(), updated_at: now() };
      table.set(row.id, row);
      return shown(row);
    }
    const row = table.get(Number(entity));
    if (row === undefined) return error("Row not found", [], r);
    if (command === "read") return shown(row);
    if (command === "update") return shown(Object.assign(row, payload, { id: row.id, updated_at: now() }));
    table.delete(row.id);
    return shown(row);
  }

  io.on("connection", (socket) => {
    if (socket.data.authed === true) {
      socket.join(AUTHED);
      for (const entry of logs) socket.emit("log", entry);
    }
    socket.on("request", (raw: unknown) => {
      // The real server parses a JSON string in place of the request object (DECISIONS.md D6).
      const r = typeof raw === "string" ? parsed(raw) : raw;
      const requestId = (r as Request | null)?.requestId;
      if (
        typeof r !== "object" ||
        r === null ||
        typeof requestId !== "string" ||
        requestId === "" ||
        RESERVED.has(requestId)
      )
        return socket.emit("failure", { message: "Invalid Request", details: [], context: raw });
      log(`socket request ${String((r as Request).command)} ${String((r as Request).module)}`);
      socket.emit(requestId, answer(socket, r as Request));
    });
  });

  const served = await listenOnLoopback(http, io);
  log("NestMTX stand-in started");
  return served;
}
