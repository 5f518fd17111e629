import { createHash, randomUUID } from "node:crypto";
import { createServer } from "node:https";
import { createRequire } from "node:module";
import { listenOnLoopback } from "../../support/loopback.js";
import { selfSignedCertificate } from "../../support/tls.js";

/** The part of a socket.io 2 server the variant uses; socket.io-v2 ships no types. */
interface V2Socket {
  on(event: string, fn: (...args: unknown[]) => void): void;
  emit(event: string, payload: unknown): void;
  join(room: string): void;
  leave(room: string): void;
  /** A packet middleware: sees every incoming event, `[name, ...args]`, before its handler. */
  use(fn: (packet: unknown[], next: () => void) => void): void;
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

/** Defects a test can plant, each of which a fitting `must` check has to catch. */
export const VARIANT_DEFECTS = {
  /** Luxcena-Neo's handlers from before the document answered fn(true, value) (DECISIONS.md D2). */
  preDocumentAcks: "pre-document-acks",
  /** NeoRuntime/status is answered before authenticateToken. */
  statusToStrangers: "status-to-strangers",
  /** Script/Delete acks res true and deletes nothing. */
  deleteKeepsScript: "delete-keeps-script",
  /** ::leave is ignored. */
  leaveIgnored: "leave-ignored",
} as const;
export type VariantDefect = (typeof VARIANT_DEFECTS)[keyof typeof VARIANT_DEFECTS];

type Script = { name: string; loc: "local" | "remote" };

/**
 * A NeoRuntime server written from neoruntime.md alone, on socket.io 2 over HTTPS like the real one (a
 * self-signed certificate: `ca` is what a client must trust), that chooses differently wherever the document is
 * silent (protocols/neoruntime/DECISIONS.md and REAL-SERVERS.md): UUID tokens compared exactly (D4, D6), a failed
 * authenticateToken signs the socket out (D6), plain-text resMsg (D8), local entries `{script, lang, size}` newest
 * first and remote entries as bare path strings (REAL-SERVERS.md's `{name, loc, path, lang}`), currentScript by name
 * (D11), uptime in whole seconds (D12), an extra status field, Select never acked (D15), ::join/::leave never acked
 * (D16), its own event names with output as bare strings (D13, D14), deleting the current script marks it exited
 * (D17), Create of an existing script overwrites it and remote/ scripts may be deleted (REAL-SERVERS.md refuses
 * both), Delete of a missing script (or of a non-string) "succeeds" (D8), unauthenticated actions are answered with
 * a refusal and a ::join sent before authenticating takes effect once the socket is (D5), unknown events are
 * answered with a `runtime:warning` event (D21), and a `hello` event comes on connect. It must pass every `must`
 * check.
 */
export async function startVariantServer(
  defect?: VariantDefect,
): Promise<{ url: string; ca: string; close(): Promise<void> }> {
  const { cert, key } = selfSignedCertificate();
  const http = createServer({ cert, key });
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
    uptime: Math.floor((Date.now() - started) / 1000),
    currentScript: current?.script.name ?? "None",
    scriptIsExited: current?.exited ?? false,
    brightness: 100,
  });
  const list = () => ({
    remote: scripts.filter((s) => s.loc === "remote").map((s) => `remote/${s.name}`),
    local: scripts
      .filter((s) => s.loc === "local")
      .map((s) => ({ script: s.name, lang: "python", size: 0 }))
      .reverse(),
  });
  const find = (path: unknown) => scripts.find((s) => `${s.loc}/${s.name}` === path);

  io.of("/").on("connection", (socket) => {
    let authed = false;
    socket.emit("hello", { runtime: "variant", secure: true });
    const known = new Set(["authenticate", "authenticateToken"]);
    const on = (event: string, fn: (args: unknown[], ack: (...v: unknown[]) => void) => void) => {
      known.add(event);
      socket.on(event, (...all: unknown[]) => {
        const last = all.at(-1);
        const ack = typeof last === "function" ? (last as (...v: unknown[]) => void) : () => {};
        fn(typeof last === "function" ? all.slice(0, -1) : all, ack);
      });
    };
    // D5's other choice: an action before authenticateToken is answered with a refusal that carries no data.
    const refusal = (event: string) =>
      event.startsWith("NeoRuntime/Script/") ? { res: false, resMsg: "Log in first" } : false;
    const action = (event: string, fn: (args: unknown[], ack: (...v: unknown[]) => void) => void) =>
      on(event, (args, ack) => {
        const open = authed || (defect === VARIANT_DEFECTS.statusToStrangers && event === "NeoRuntime/status");
        return open ? fn(args, ack) : ack(refusal(event));
      });
    socket.use((packet, next) => {
      if (!known.has(String(packet[0]))) socket.emit("runtime:warning", { unknownEvent: String(packet[0]) });
      next();
    });

    on("authenticate", ([user, h], ack) => {
      if (user !== VARIANT_USER.user || h !== hash) return ack(false);
      const token = randomUUID();
      tokens.add(token);
      ack(token);
    });
    // D5's other choice for subscriptions: a ::join sent before authenticating takes effect once the socket is.
    const early = new Set<string>();
    on("authenticateToken", ([token], ack) => {
      authed = typeof token === "string" && tokens.has(token);
      if (authed) for (const name of early) socket.join(name);
      ack(authed);
    });
    const answer = (ack: (...v: unknown[]) => void, value: unknown) =>
      defect === VARIANT_DEFECTS.preDocumentAcks ? ack(true, value) : ack(value);
    action("NeoRuntime/status", (_, ack) => answer(ack, status()));
    action("NeoRuntime/Scripts/get", (_, ack) => answer(ack, list()));
    action("NeoRuntime/Script/Create", ([path], ack) => {
      if (typeof path !== "string") return ack({ res: false, resMsg: "Script path must be a string" });
      const m = /^local\/([\w-]{1,64})$/.exec(path);
      if (m === null) return ack({ res: false, resMsg: "Only local/<name> can be created" });
      // An existing script is overwritten with a fresh template.
      if (!find(path)) scripts.push({ name: m[1] as string, loc: "local" });
      ack({ res: true });
      io.to(VARIANT_EVENTS.scripts).emit(VARIANT_EVENTS.scripts, list());
    });
    action("NeoRuntime/Script/Delete", ([path], ack) => {
      const script = find(path);
      if (script === undefined || defect === VARIANT_DEFECTS.deleteKeepsScript) return ack({ res: true });
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
      on(`${name}::join`, () => (authed ? socket.join(name) : early.add(name)));
      on(`${name}::leave`, () => {
        early.delete(name);
        if (authed && defect !== VARIANT_DEFECTS.leaveIgnored) socket.leave(name);
      });
    }
  });
  // node:https's server is node:http's plus TLS: listenOnLoopback needs only what both have.
  const listening = await listenOnLoopback(http as unknown as import("node:http").Server, io, () =>
    clearInterval(lines),
  );
  return { ...listening, url: listening.url.replace(/^http:/, "https:"), ca: cert };
}
