import { randomBytes, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { type Namespace, Server, type Socket } from "socket.io";
import { listenOnLoopback } from "../../support/loopback.js";

const token = () => randomBytes(30).toString("base64url");
/** Two users' access tokens (opaque here; the real server's are JWTs, which the suite never reads). */
export const ANTIMONY_TOKENS = { owner: token(), other: token() } as const;
/** The stand-in's labs, all the owner's: one that works, one containerlab always fails, one never deployed here. */
export const ANTIMONY_LABS = {
  lab: { id: "lab-1", nodes: ["router1", "router2"] },
  failing: { id: "lab-broken", nodes: ["r1"] },
  fresh: { id: "lab-fresh", nodes: ["n1"] },
} as const;
export const SHELL_LIMIT = 2;

/** How long a deploy takes; the ack comes at once and the end is told by lab update and status message. */
const DEPLOY_MS = 30;
const GLOBAL = ["/status-messages", "/lab-updates", "/lab-commands", "/shell-commands"];
const NODE_COMMANDS = [2, 3, 4];

type Ack = { payload: unknown } | { code: number; message: string };
const err = (code: number, message: string): Ack => ({ code, message });
interface Lab {
  readonly id: string;
  readonly nodes: readonly string[];
  readonly fails: boolean;
  state: "never" | "deploying" | "running" | "failed" | "destroyed";
  readonly stopped: Set<string>;
  /** Log streams by namespace name: the lab's and each node's. */
  readonly logs: Map<string, string[]>;
}
interface Shell {
  readonly id: string;
  readonly lab: Lab;
  readonly node: string;
  readonly backlog: string[];
}

/**
 * A stand-in for the Antimony Go backend (REAL-SERVERS.md § antimony.md), on socket.io 4 as zishang520/socket.io
 * speaks it. Quirks kept from the real server: `/shell-commands` events wrapped as `{payload: {...}}`; lab commands
 * taken as an object or its JSON string; refusals named "Unauthorized", "Invalid Token", "No Access" and "Invalid
 * namespace"; unknown command 5000, missing labId/command 5422, missing node 5006 for 2/3/4 and 5422 for 6.
 */
export async function startAntimonyLikeServer(): Promise<{ url: string; close(): Promise<void> }> {
  const labs = new Map<string, Lab>(
    [ANTIMONY_LABS.lab, ANTIMONY_LABS.failing, ANTIMONY_LABS.fresh].map((l) => [
      l.id,
      { ...l, fails: l === ANTIMONY_LABS.failing, state: "never", stopped: new Set(), logs: new Map() },
    ]),
  );
  const shells = new Map<string, Shell>();
  /** Sockets on the log and shell namespaces, by namespace name, to stream to. */
  const subscribers = new Map<string, Set<Socket>>();
  const http = createServer();
  const io = new Server(http);
  const owner = ANTIMONY_TOKENS.owner;

  const toOwner = (nsp: string, payload: unknown) => io.of(nsp).to(owner).emit("data", payload);
  const status = (content: string, severity: number) =>
    toOwner("/status-messages", {
      payload: {
        id: randomUUID(),
        timestamp: new Date().toISOString(),
        source: "labs",
        content,
        logContent: content,
        severity,
      },
    });
  const stream = (name: string, line: string) => {
    for (const s of subscribers.get(name) ?? []) s.emit("data", line);
  };
  const logLine = (lab: Lab, name: string, line: string) => {
    const lines = lab.logs.get(name) ?? [];
    lab.logs.set(name, [...lines, line]);
    stream(name, line);
  };
  const closeShell = (shell: Shell) => {
    shells.delete(shell.id);
    for (const s of subscribers.get(`/shells/${shell.id}`) ?? []) s.disconnect(true);
    const notice = { labId: shell.lab.id, node: shell.node, shellId: shell.id, command: 1, message: "Shell closed" };
    // REAL-SERVERS.md: the real server wraps it like its other namespaces; the document shows the bare object.
    toOwner("/shell-commands", { payload: notice });
  };
  const closeShellsOf = (lab: Lab) => {
    for (const shell of [...shells.values()]) if (shell.lab === lab) closeShell(shell);
  };

  function deploy(lab: Lab): Ack {
    if (lab.state === "deploying") return err(5002, "Lab is already being deployed");
    closeShellsOf(lab);
    lab.state = "deploying";
    lab.stopped.clear();
    status(`Deploying lab ${lab.id}`, 1);
    logLine(lab, `/logs/${lab.id}`, `deploying ${lab.id} at ${Date.now()}`);
    setTimeout(() => {
      lab.state = lab.fails ? "failed" : "running";
      logLine(lab, `/logs/${lab.id}`, `${lab.id} ${lab.state} at ${Date.now()}`);
      if (lab.fails) status(`containerlab failed to deploy ${lab.id}`, 3);
      else status(`Lab ${lab.id} deployed`, 0);
      for (const node of lab.nodes) logLine(lab, `/logs/${lab.id}/${node}`, `${node} booted`);
      toOwner("/lab-updates", { payload: { labId: lab.id } });
    }, DEPLOY_MS);
    return { payload: null };
  }

  /** One lab command, validated in the real server's order: shape, command id, lab, access, then per command. */
  function labCommand(user: string, raw: unknown): Ack {
    let r = raw;
    if (typeof raw === "string") {
      try {
        r = JSON.parse(raw);
      } catch {
        return err(5422, "Invalid request");
      }
    }
    if (typeof r !== "object" || r === null || Array.isArray(r)) return err(5422, "Invalid request");
    const { labId, command, node, shellId } = r as Record<string, unknown>;
    if (typeof labId !== "string" || labId === "" || typeof command !== "number") return err(5422, "Invalid request");
    if (node !== undefined && typeof node !== "string") return err(5422, "Invalid request");
    if (shellId !== undefined && typeof shellId !== "string") return err(5422, "Invalid request");
    if (!Number.isInteger(command) || command < 0 || command > 7) return err(5000, "Unknown command");
    const lab = labs.get(labId);
    if (lab === undefined) return err(5005, "Lab not found");
    if (user !== owner) return err(5403, "No access to lab");
    if (command === 0) return deploy(lab);
    if (command === 5)
      return { payload: [...shells.values()].filter((s) => s.lab === lab).map((s) => ({ id: s.id, node: s.node })) };
    if (command === 7) {
      if (shellId === undefined) return err(5422, "Missing shell ID");
      const shell = shells.get(shellId);
      if (shell?.lab !== lab) return err(5007, "Shell not found");
      closeShell(shell);
      return { payload: null };
    }
    if (lab.state === "deploying") return err(5004, "Lab is being deployed");
    if (command === 1) {
      if (lab.state !== "running" && lab.state !== "failed") return err(5003, "Lab is not running");
      closeShellsOf(lab);
      lab.state = "destroyed";
      status(`Lab ${lab.id} destroyed`, 1);
      toOwner("/lab-updates", { payload: { labId: lab.id } });
      return { payload: null };
    }
    if (node === undefined) return command === 6 ? err(5422, "Missing node") : err(5006, "Node not found");
    if (lab.state !== "running") return err(5003, "Lab is not running");
    if (!lab.nodes.includes(node)) return err(5006, "Node not found");
    if (NODE_COMMANDS.includes(command)) {
      if (command === 2) lab.stopped.add(node);
      else lab.stopped.delete(node);
      logLine(lab, `/logs/${lab.id}/${node}`, `${node} ${["stopped", "started", "restarted"][command - 2]}`);
      return { payload: null };
    }
    if (lab.stopped.has(node)) return err(5003, "Node is not running");
    if ([...shells.values()].filter((s) => s.lab === lab).length >= SHELL_LIMIT) return err(5008, "Too many shells");
    const shell = { id: randomUUID(), lab, node, backlog: [`Connected to ${node}\r\n${node}# `] };
    shells.set(shell.id, shell);
    return { payload: shell.id };
  }

  /** The handshake's `auth.token`: a user, or the refusal the real server names. */
  const authenticate = (nsp: Namespace) =>
    nsp.use((socket, next) => {
      const t = (socket.handshake.auth as { token?: unknown }).token;
      if (t === undefined) return next(new Error("Unauthorized"));
      if (t !== ANTIMONY_TOKENS.owner && t !== ANTIMONY_TOKENS.other) return next(new Error("Invalid Token"));
      socket.data.user = t;
      next();
    });
  // Each user's sockets are in a room named by the user, so pushes reach the owner only.
  for (const name of GLOBAL) authenticate(io.of(name)).on("connection", (socket) => socket.join(socket.data.user));
  io.of("/lab-commands").on("connection", (socket) =>
    socket.on("data", (request: unknown, ack: unknown) => {
      if (typeof ack === "function") ack(labCommand(socket.data.user as string, request));
    }),
  );

  /** `/logs/<labId>[/<node>]` and `/shells/<id>`: a lab log once deployed, a node log while running, a shell while open. */
  const dynamic = io.of(/^\/(logs|shells)\/.+$/);
  const resolve = (name: string): { lines: string[]; shell?: Shell } | undefined => {
    const [, kind, id, node] = name.split("/");
    if (kind === "shells") {
      const shell = shells.get(id ?? "");
      return shell === undefined ? undefined : { lines: shell.backlog, shell };
    }
    const lab = labs.get(id ?? "");
    if (lab === undefined || lab.state === "never") return undefined;
    if (node === undefined) return { lines: lab.logs.get(name) ?? [] };
    return lab.state === "running" && lab.nodes.includes(node) ? { lines: lab.logs.get(name) ?? [] } : undefined;
  };
  // A Go Socket.IO server refuses an unknown namespace before any middleware runs (DECISIONS.md D2).
  dynamic.use((socket, next) =>
    resolve(socket.nsp.name) === undefined ? next(new Error("Invalid namespace")) : next(),
  );
  authenticate(dynamic);
  dynamic.use((socket, next) => (socket.data.user === owner ? next() : next(new Error("No Access"))));
  dynamic.on("connection", (socket) => {
    const name = socket.nsp.name;
    const found = resolve(name);
    const set = subscribers.get(name) ?? new Set();
    subscribers.set(name, set.add(socket));
    socket.on("disconnect", () => set.delete(socket));
    socket.emit("backlog", [...(found?.lines ?? [])]);
    const shell = found?.shell;
    if (shell === undefined) return;
    // A node's shell echoes the keystrokes it gets; every output chunk joins the backlog.
    socket.on("data", (keys: unknown) => {
      if (typeof keys !== "string" || !shells.has(shell.id)) return;
      shell.backlog.push(keys);
      stream(name, keys);
    });
  });

  return listenOnLoopback(http, io);
}
