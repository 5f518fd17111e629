import { createHash, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { listenOnLoopback } from "../../support/loopback.js";

/** The part of a socket.io 2 server the variant uses; socket.io-v2 ships no types. */
interface V2Socket {
  on(event: string, fn: (...args: unknown[]) => void): void;
  join(room: string): void;
  leave(room: string): void;
}
interface V2Io {
  of(name: string): { on(event: "connection", fn: (socket: V2Socket) => void): void };
  to(room: string): { emit(event: string, payload: unknown): void };
  close(): void;
}

/** The variant's own event names: the document names none (DECISIONS.md D13). */
export const VARIANT_EVENTS = {
  status: "runtime:status",
  scripts: "runtime:scripts",
  output: "runtime:output",
} as const;
export const VARIANT_USER = { user: "operator", password: "lamp" };

type Script = { name: string; loc: "local" | "remote" };

/**
 * A NeoRuntime server written from neoruntime.md alone, on socket.io 2 like the real one, that chooses differently
 * wherever the document is silent: UUID tokens, plain-text resMsg, entries without `path` (newest first, an extra
 * field), currentScript by name, an extra status field, Select never acked, ::join/::leave never acked, output as
 * bare strings, deleting the current script marks it exited, and Delete of a missing script (or of a non-string)
 * "succeeds". It must pass every `must` check; only `should` checks for the last two choices may fail.
 */
export async function startVariantServer(
  settings: { readonly preDocumentAcks?: boolean } = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const http = createServer();
  const io = (createRequire(import.meta.url)("socket.io-v2") as (h: typeof http) => V2Io)(http);
  const started = Date.now();
  const hash = createHash("sha256").update(VARIANT_USER.password).digest("hex");
  const tokens = new Set<string>();
  const scripts: Script[] = [
    { name: "rainbow", loc: "remote" },
    { name: "example", loc: "local" },
  ];
  let current: { script: Script; exited: boolean } | undefined;
  let lines: NodeJS.Timeout | undefined;

  const status = () => ({
    uptime: (Date.now() - started) / 1000,
    currentScript: current?.script.name ?? "None",
    scriptIsExited: current?.exited ?? false,
    brightness: 100,
  });
  const entries = (loc: Script["loc"]) =>
    scripts.filter((s) => s.loc === loc).map((s) => ({ name: s.name, loc: s.loc, lang: "python", size: 0 }));
  const list = () => ({ remote: entries("remote"), local: entries("local").reverse() });
  const find = (path: unknown) => scripts.find((s) => `${s.loc}/${s.name}` === path);

  io.of("/").on("connection", (socket) => {
    let authed = false;
    const on = (event: string, fn: (args: unknown[], ack: (...v: unknown[]) => void) => void) =>
      socket.on(event, (...all: unknown[]) => {
        const last = all.at(-1);
        const ack = typeof last === "function" ? (last as (...v: unknown[]) => void) : () => {};
        fn(typeof last === "function" ? all.slice(0, -1) : all, ack);
      });
    const action = (event: string, fn: (args: unknown[], ack: (...v: unknown[]) => void) => void) =>
      on(event, (args, ack) => authed && fn(args, ack));

    on("authenticate", ([user, h], ack) => {
      if (user !== VARIANT_USER.user || h !== hash) return ack(false);
      const token = randomUUID();
      tokens.add(token);
      ack(token);
    });
    on("authenticateToken", ([token], ack) => {
      authed = typeof token === "string" && tokens.has(token);
      ack(authed);
    });
    // Luxcena-Neo's handlers from before the document answered fn(true, value) (DECISIONS.md D2).
    const answer = (ack: (...v: unknown[]) => void, value: unknown) =>
      settings.preDocumentAcks ? ack(true, value) : ack(value);
    action("NeoRuntime/status", (_, ack) => answer(ack, status()));
    action("NeoRuntime/Scripts/get", (_, ack) => answer(ack, list()));
    action("NeoRuntime/Script/Create", ([path], ack) => {
      if (typeof path !== "string") return ack({ res: false, resMsg: "Script path must be a string" });
      const m = /^local\/([\w-]{1,64})$/.exec(path);
      if (m === null) return ack({ res: false, resMsg: "Only local/<name> can be created" });
      if (find(path)) return ack({ res: false, resMsg: "Script already exists" });
      scripts.push({ name: m[1] as string, loc: "local" });
      ack({ res: true });
      io.to(VARIANT_EVENTS.scripts).emit(VARIANT_EVENTS.scripts, list());
    });
    action("NeoRuntime/Script/Delete", ([path], ack) => {
      const script = find(path);
      if (script?.loc === "remote") return ack({ res: false, resMsg: "Remote scripts are read-only" });
      if (script === undefined) return ack({ res: true });
      scripts.splice(scripts.indexOf(script), 1);
      ack({ res: true });
      io.to(VARIANT_EVENTS.scripts).emit(VARIANT_EVENTS.scripts, list());
      if (current?.script === script) {
        clearInterval(lines);
        current = { script, exited: true };
        io.to(VARIANT_EVENTS.status).emit(VARIANT_EVENTS.status, status());
      }
    });
    action("NeoRuntime/Script/Select", ([path]) => {
      const script = find(path);
      if (script === undefined) return;
      clearInterval(lines);
      current = { script, exited: false };
      io.to(VARIANT_EVENTS.status).emit(VARIANT_EVENTS.status, status());
      let n = 0;
      lines = setInterval(() => io.to(VARIANT_EVENTS.output).emit(VARIANT_EVENTS.output, `${script.name}: ${++n}`), 20);
    });
    for (const name of Object.values(VARIANT_EVENTS)) {
      action(`${name}::join`, () => socket.join(name));
      action(`${name}::leave`, () => socket.leave(name));
    }
  });
  return listenOnLoopback(http, io, () => clearInterval(lines));
}
