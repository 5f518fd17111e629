import { createHash, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { listenOnLoopback } from "../../support/loopback.js";

/**
 * A NeoRuntime server written from protocols/seeds/neoruntime.md alone, to check Volley's suite with. Where the
 * document is silent it makes its own choices: `authenticate` only hands out a token (step 2, `authenticateToken`,
 * is what authenticates the connection, as the document's steps read); an unauthenticated action is answered with
 * a refusal, not ignored; a "Return" table is one object (the document's callback takes one `(Return)`); the script
 * lists hold bare names; Select answers nothing (the document gives it no Return); `currentScript` is the script's
 * name; `uptime` counts seconds since the server started; `::join` subscribes to any event name, and
 * `NeoRuntime/status` is pushed to its subscribers when the current script changes.
 */

/** The Socket.IO 2 surface used here; socket.io-v2 ships no types. */
interface V2Socket {
  on(event: string, fn: (...args: unknown[]) => void): void;
  emit(event: string, ...args: unknown[]): void;
  use(fn: (packet: unknown[], next: (err?: Error) => void) => void): void;
}
interface V2Server {
  on(event: "connection", fn: (socket: V2Socket) => void): void;
  close(done?: (err?: Error) => void): void;
}

export const BLIND_NEORUNTIME_CREDENTIALS = { user: "blind-operator", password: "blind-pass-1" } as const;
/** Scripts present from the start: `remote/` ones cannot be created or deleted over the socket. */
export const BLIND_NEORUNTIME_SCRIPTS = ["local/demo", "remote/rainbow", "remote/strobe"] as const;

const STATUS = "NeoRuntime/status";
const SCRIPT_PATH = /^(local|remote)\/[A-Za-z0-9_.-]+$/;

type Ack = (answer: unknown) => void;
interface Status {
  currentScript: string;
  scriptIsExited: boolean;
  uptime: number;
}

/** The document's client hashes the password with SHA-256 and sends the hex digest. */
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Splits a handler's arguments into its leading arguments and its ack (a no-op when the client sent none). */
function split(args: unknown[]): { rest: unknown[]; ack: Ack } {
  const last = args[args.length - 1];
  return typeof last === "function" ? { rest: args.slice(0, -1), ack: last as Ack } : { rest: args, ack: () => {} };
}

const nameOf = (path: string) => path.slice(path.indexOf("/") + 1);

export async function startNeoRuntimeServer(): Promise<{ url: string; close(): Promise<void> }> {
  const http = createServer();
  const io = (createRequire(import.meta.url)("socket.io-v2") as (h: typeof http) => V2Server)(http);
  const startedAt = Date.now();
  const passwordHash = sha256(BLIND_NEORUNTIME_CREDENTIALS.password);
  const tokens = new Set<string>();
  const scripts = new Set<string>(BLIND_NEORUNTIME_SCRIPTS);
  const subscribers = new Map<string, Set<V2Socket>>();
  let current: string | undefined;

  const status = (): Status => ({
    currentScript: current === undefined ? "None" : nameOf(current),
    scriptIsExited: current === undefined,
    uptime: (Date.now() - startedAt) / 1000,
  });
  const pushStatus = () => {
    for (const s of subscribers.get(STATUS) ?? []) s.emit(STATUS, status());
  };
  const validPath = (p: unknown): p is string => typeof p === "string" && SCRIPT_PATH.test(p);

  io.on("connection", (socket) => {
    let authenticated = false;
    const joined = new Set<string>();

    // `<event>::join` / `<event>::leave` are open-ended names, so they are taken off the packet stream here.
    socket.use((packet, next) => {
      const [event] = packet;
      if (typeof event === "string" && authenticated) {
        const m = /^(.+)::(join|leave)$/.exec(event);
        if (m?.[1] !== undefined) {
          const set = subscribers.get(m[1]) ?? new Set<V2Socket>();
          subscribers.set(m[1], set);
          if (m[2] === "join") set.add(socket);
          else set.delete(socket);
          joined.add(m[1]);
        }
      }
      next();
    });

    socket.on("authenticate", (...args) => {
      const { rest, ack } = split(args);
      const [user, hash] = rest;
      const ok =
        user === BLIND_NEORUNTIME_CREDENTIALS.user && typeof hash === "string" && hash.toLowerCase() === passwordHash;
      if (!ok) return ack(false);
      const token = randomBytes(24).toString("hex");
      tokens.add(token);
      ack(token);
    });

    socket.on("authenticateToken", (...args) => {
      const { rest, ack } = split(args);
      const [token] = rest;
      authenticated = typeof token === "string" && tokens.has(token);
      ack(authenticated);
    });

    /** An action for authenticated connections ("We are now authenticated, and all actions ... are available"). */
    const action = (event: string, act: (rest: unknown[], ack: Ack) => void, refusal?: unknown) =>
      socket.on(event, (...args) => {
        const { rest, ack } = split(args);
        if (authenticated) act(rest, ack);
        else if (refusal !== undefined) ack(refusal);
      });
    const scriptRefusal = { res: false, resMsg: "not authenticated" };

    action("NeoRuntime/status", (_rest, ack) => ack(status()), { error: "not authenticated" });

    action(
      "NeoRuntime/Scripts/get",
      (_rest, ack) => {
        const of = (loc: string) => [...scripts].filter((p) => p.startsWith(`${loc}/`)).map(nameOf);
        ack({ local: of("local"), remote: of("remote") });
      },
      { error: "not authenticated" },
    );

    action(
      "NeoRuntime/Script/Create",
      ([path], ack) => {
        if (!validPath(path)) return ack({ res: false, resMsg: "scriptPath must look like local/<name>" });
        if (!path.startsWith("local/")) return ack({ res: false, resMsg: "only local scripts can be created" });
        if (scripts.has(path)) return ack({ res: false, resMsg: `${path} exists already` });
        scripts.add(path);
        ack({ res: true });
      },
      scriptRefusal,
    );

    action(
      "NeoRuntime/Script/Delete",
      ([path], ack) => {
        if (!validPath(path)) return ack({ res: false, resMsg: "scriptPath must look like local/<name>" });
        if (!scripts.has(path)) return ack({ res: false, resMsg: `${path} does not exist` });
        if (!path.startsWith("local/")) return ack({ res: false, resMsg: "remote scripts cannot be deleted" });
        if (path === current) return ack({ res: false, resMsg: `${path} is running; select another first` });
        scripts.delete(path);
        ack({ res: true });
      },
      scriptRefusal,
    );

    // The document gives Select no Return: a script that exists becomes current, anything else changes nothing.
    action("NeoRuntime/Script/Select", ([path]) => {
      if (!validPath(path) || !scripts.has(path) || path === current) return;
      current = path;
      pushStatus();
    });

    socket.on("disconnect", () => {
      for (const event of joined) subscribers.get(event)?.delete(socket);
    });
  });

  return listenOnLoopback(http, io);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { url } = await startNeoRuntimeServer();
  const { user, password } = BLIND_NEORUNTIME_CREDENTIALS;
  console.log(url);
  console.log(`user ${user} password ${password}; scripts ${BLIND_NEORUNTIME_SCRIPTS.join(", ")}`);
}
