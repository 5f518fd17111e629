import { createServer } from "node:http";
import { type Namespace, Server, type Socket } from "socket.io";
import { listenOnLoopback } from "../../support/loopback.js";

/**
 * An Antimony server written from antimony.md alone that takes the other road wherever the document leaves one:
 * at every DECISIONS.md item and wherever more than one answer fits. The antimony suite must pass every `must`
 * check against it (variation.test.ts); `defects` plants departures a fitting check must catch.
 *
 * Its choices, by DECISIONS item:
 * - D1 opaque tokens (no JWT), read from `auth.token` only.      - D2 own refusal texts; auth checked before a
 *   dynamic namespace's existence.                                - D3 `/shell-commands` wrapped as `{payload}`.
 * - D4 no JSON-string requests (5422); unknown keys ignored.     - D5 unknown command 5422, non-integer 5000,
 *   missing node 5422 for 2/3/4 and 5006 for 6, missing shellId 5007, node commands check the lab's state before
 *   access, an empty labId is an unknown id (5005), null reads as absent, no length limit.
 * - D6 5004 for a deploy during a deploy, 5002 for the rest.     - D7 destroyed lab: node commands and open shell
 *   5006, list and close shell 5003, destroy again {payload: null}; open shell on a stopped node 5000.
 * - D8 deploy acks at once; the end comes by lab update.         - D9 keystrokes are not echoed, a line ending is
 *   answered with a prompt, and the backlog holds the client's input too; no backlog while there is none.
 * - D10 no banner; redeploy keeps shells; destroy ends them with command 0 only; the limit counts all labs.
 * - D11/D20 one lab update (naming the lab) when a deploy ends; other changes send a "re-fetch all" update, with no
 *   labId, to everyone.                                          - D12 destroy leaves node-log subscribers connected.
 * - D13 free-text log lines.                                     - D14 a command without an ack callback is run.
 * - D15 an unknown event is answered by an extra `notice` event. - D16 a failing deploy acks {payload: null} and
 *   reports a fatal (4) status message.                          - D17 stop of a stopped and start of a running node
 *   are refused (5000); restart starts a stopped node.           - D18 `/` needs a token too.
 * - D19 `source` "deployer", its own severities (destroy is a warning), timestamps to the second with "+00:00".
 * Beyond them: extra fields in acks, items and events; list shells newest first; ids not UUIDs.
 */
export type AntimonyDefect =
  /** `/logs/<labId>/<node>` opens for every node of a known lab, deployed or not: the set-up trap. */
  | "node-logs-early"
  /** Close shell (7) acks and notifies but the shell stays open and listed. */
  | "close-keeps-shell"
  /** A lab that does not exist is answered 5006 instead of 5005. */
  | "unknown-lab-5006"
  /** Every deploy of `VARIATION_LABS.lab` is refused 5001: every check that needs the lab deployed is blocked. */
  | "deploy-refused"
  /** `/shell-commands` refuses every token: the checks that listen there are blocked, not failed. */
  | "shell-commands-refused";

export const VARIATION_TOKENS = { owner: "owner-7d1f0c", other: "other-93ab27" } as const;
export const VARIATION_LABS = {
  lab: { id: "var-lab", nodes: ["spine", "leaf-1", "leaf-2"] },
  failing: { id: "var-broken", nodes: ["r1"] },
  fresh: { id: "var-fresh", nodes: ["solo"] },
  others: { id: "var-others", nodes: ["x1"] },
} as const;
export const VARIATION_SHELL_LIMIT = 2;

/** Long enough that a command can meet a deploy under way; short enough for a quick suite. */
const DEPLOY_MS = 40;
const GLOBAL = ["/", "/status-messages", "/lab-updates", "/lab-commands", "/shell-commands"];

type Ack = Record<string, unknown>;
const err = (code: number, message: string): Ack => ({ code, message, details: { at: stamp() } });
const ok = (payload: unknown): Ack => ({ payload, servedBy: "variation" });
/** ISO 8601 to the second, offset written out (D19's other rounding). */
const stamp = () => `${new Date().toISOString().slice(0, 19)}+00:00`;

interface Lab {
  readonly id: string;
  readonly nodes: readonly string[];
  readonly owner: string;
  readonly fails: boolean;
  state: "never" | "deploying" | "running" | "failed" | "destroyed";
  readonly stopped: Set<string>;
  /** Every line of the lab's and its nodes' logs, by namespace name. */
  readonly logs: Map<string, string[]>;
}
interface Shell {
  readonly id: string;
  readonly lab: Lab;
  readonly node: string;
  readonly owner: string;
  readonly createdAt: string;
  readonly backlog: string[];
}

export async function startAntimonyVariationServer(defects: readonly AntimonyDefect[] = []) {
  const has = (d: AntimonyDefect) => defects.includes(d);
  const owner = VARIATION_TOKENS.owner;
  const labs = new Map<string, Lab>(
    Object.values(VARIATION_LABS).map((l) => [
      l.id,
      {
        ...l,
        owner: l === VARIATION_LABS.others ? VARIATION_TOKENS.other : owner,
        fails: l === VARIATION_LABS.failing,
        state: "never",
        stopped: new Set(),
        logs: new Map(),
      },
    ]),
  );
  const shells = new Map<string, Shell>();
  const subscribers = new Map<string, Set<Socket>>();
  const timers = new Set<NodeJS.Timeout>();
  let counter = 0;
  const http = createServer();
  const io = new Server(http);

  const toUser = (nsp: string, user: string, payload: unknown) => io.of(nsp).to(user).emit("data", payload);
  const status = (lab: Lab, content: string, severity: number) =>
    toUser("/status-messages", lab.owner, {
      payload: {
        id: `msg-${++counter}`,
        timestamp: stamp(),
        source: "deployer",
        content,
        logContent: `${content} [lab ${lab.id}, ${lab.state}]`,
        severity,
        labId: lab.id,
      },
    });
  const refetchAll = () => io.of("/lab-updates").emit("data", { payload: {} });
  const stream = (name: string, event: string, value: unknown) => {
    for (const s of subscribers.get(name) ?? []) s.emit(event, value);
  };
  const log = (lab: Lab, name: string, text: string) => {
    const line = `${stamp()} ${text}`;
    lab.logs.set(name, [...(lab.logs.get(name) ?? []), line]);
    stream(name, "data", line);
  };
  const endShell = (shell: Shell, command: 0 | 1, message: string) => {
    shells.delete(shell.id);
    for (const s of subscribers.get(`/shells/${shell.id}`) ?? []) s.disconnect(true);
    const event = { labId: shell.lab.id, node: shell.node, shellId: shell.id, command, message, at: stamp() };
    toUser("/shell-commands", shell.owner, { payload: event });
  };
  const later = (fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, DEPLOY_MS);
    timers.add(t);
  };

  function deploy(lab: Lab): Ack {
    if (lab.state === "deploying") return err(5004, "a deployment of this lab is in progress");
    if (has("deploy-refused") && lab.id === VARIATION_LABS.lab.id) return err(5001, "containerlab: cannot deploy");
    lab.state = "deploying";
    log(lab, `/logs/${lab.id}`, `deployment of ${lab.id} started`);
    status(lab, `Deployment of ${lab.id} started`, 1);
    later(() => {
      lab.state = lab.fails ? "failed" : "running";
      lab.stopped.clear();
      log(lab, `/logs/${lab.id}`, `deployment of ${lab.id} ${lab.fails ? "failed" : "done"}`);
      if (lab.fails) status(lab, `containerlab could not deploy ${lab.id}`, 4);
      else {
        status(lab, `Lab ${lab.id} is up`, 0);
        for (const node of lab.nodes) log(lab, `/logs/${lab.id}/${node}`, `${node} booted`);
      }
      toUser("/lab-updates", lab.owner, { payload: { labId: lab.id, state: lab.state } });
    });
    return ok(null);
  }

  function destroy(lab: Lab): Ack {
    if (lab.state === "never") return err(5003, "lab has no instance");
    for (const shell of [...shells.values()]) if (shell.lab === lab) endShell(shell, 0, "node went away");
    lab.state = "destroyed";
    log(lab, `/logs/${lab.id}`, `${lab.id} destroyed`);
    status(lab, `Lab ${lab.id} destroyed`, 2);
    refetchAll();
    return ok(null);
  }

  function nodeCommand(lab: Lab, command: number, node: string | undefined): Ack {
    if (node === undefined) return err(5422, "this command needs a node");
    if (!lab.nodes.includes(node)) return err(5006, `no node ${node}`);
    const stopped = lab.stopped.has(node);
    if (command === 2 && stopped) return err(5000, `${node} is already stopped`);
    if (command === 3 && !stopped) return err(5000, `${node} is already running`);
    if (command === 2) {
      lab.stopped.add(node);
      for (const shell of [...shells.values()])
        if (shell.lab === lab && shell.node === node) endShell(shell, 1, "node stopped");
    } else lab.stopped.delete(node);
    log(lab, `/logs/${lab.id}/${node}`, `${node} ${["stopped", "started", "restarted"][command - 2]}`);
    refetchAll();
    return ok(null);
  }

  function openShell(user: string, lab: Lab, node: string | undefined): Ack {
    if (node === undefined || !lab.nodes.includes(node)) return err(5006, `no node ${node ?? "given"}`);
    if (lab.stopped.has(node)) return err(5000, `${node} is not running`);
    const open = [...shells.values()].filter((s) => s.owner === user).length;
    if (open >= VARIATION_SHELL_LIMIT) return err(5008, `at most ${VARIATION_SHELL_LIMIT} shells`);
    const shell = { id: `sh-${++counter}`, lab, node, owner: user, createdAt: stamp(), backlog: [] };
    shells.set(shell.id, shell);
    return ok(shell.id);
  }

  function closeShell(user: string, lab: Lab, shellId: string | undefined): Ack {
    if (lab.state !== "running") return err(5003, "lab is not running");
    const shell = shells.get(shellId ?? "");
    if (shell === undefined || shell.lab !== lab || shell.owner !== user) return err(5007, "no such shell");
    if (has("close-keeps-shell")) {
      toUser("/shell-commands", user, {
        payload: { labId: lab.id, node: shell.node, shellId: shell.id, command: 1, message: "closed" },
      });
      return ok(null);
    }
    endShell(shell, 1, "closed by its owner");
    return ok(null);
  }

  /** One lab command: shape, command id, lab, then state or access (node commands look at the state first). */
  function labCommand(user: string, r: unknown): Ack {
    if (typeof r !== "object" || r === null || Array.isArray(r)) return err(5422, "expected {labId, command}");
    const { labId, command, node, shellId } = r as Record<string, unknown>;
    const optional = (v: unknown) => v === undefined || v === null || typeof v === "string";
    if (typeof labId !== "string" || typeof command !== "number" || !optional(node) || !optional(shellId))
      return err(5422, "malformed lab command");
    if (!Number.isInteger(command)) return err(5000, `command ${command} is not a command`);
    if (command < 0 || command > 7) return err(5422, `unknown command ${command}`);
    const lab = labs.get(labId);
    if (lab === undefined) return has("unknown-lab-5006") ? err(5006, "no such node") : err(5005, `no lab ${labId}`);
    const n = typeof node === "string" ? node : undefined;
    const s = typeof shellId === "string" ? shellId : undefined;
    const mine = lab.owner === user;
    const nodeLevel = [2, 3, 4, 6].includes(command);
    if (nodeLevel && lab.state === "never") return err(5003, "lab is not running");
    if (!mine) return err(5403, "not your lab");
    if (command === 0) return deploy(lab);
    if (lab.state === "deploying") return err(5002, "lab is being deployed");
    if (command === 1) return destroy(lab);
    if (command === 5) {
      if (lab.state !== "running") return err(5003, "lab is not running");
      const list = [...shells.values()].filter((x) => x.lab === lab && x.owner === user).reverse();
      return ok(list.map((x) => ({ id: x.id, node: x.node, createdAt: x.createdAt })));
    }
    if (command === 7) return closeShell(user, lab, s);
    if (lab.state !== "running") return err(5006, "the lab's nodes are gone");
    return command === 6 ? openShell(user, lab, n) : nodeCommand(lab, command, n);
  }

  const authenticate = (nsp: Namespace) =>
    nsp.use((socket, next) => {
      const t = (socket.handshake.auth as { token?: unknown }).token;
      if (typeof t !== "string" || t === "") return next(new Error("authentication required"));
      if (t !== VARIATION_TOKENS.owner && t !== VARIATION_TOKENS.other) return next(new Error("token rejected"));
      if (has("shell-commands-refused") && nsp.name === "/shell-commands") return next(new Error("token rejected"));
      socket.data.user = t;
      next();
    });
  for (const name of GLOBAL) authenticate(io.of(name)).on("connection", (socket) => socket.join(socket.data.user));
  io.of("/lab-commands").on("connection", (socket) => {
    socket.onAny((event: string) => {
      if (event !== "data") socket.emit("notice", { ignored: event });
    });
    socket.on("data", (request: unknown, ack: unknown) => {
      const answer = labCommand(socket.data.user as string, request);
      if (typeof ack === "function") ack(answer);
    });
  });

  /** A log or shell namespace's lines (and shell) while it is available; undefined while not. */
  const resolve = (name: string): { lab: Lab; lines: string[]; shell?: Shell } | undefined => {
    const [, kind, id, node] = name.split("/");
    if (kind === "shells") {
      const shell = shells.get(id ?? "");
      return shell === undefined ? undefined : { lab: shell.lab, lines: shell.backlog, shell };
    }
    const lab = labs.get(id ?? "");
    if (lab === undefined || lab.state === "never")
      return has("node-logs-early") && lab ? nodeEarly(lab, node) : undefined;
    if (node === undefined) return { lab, lines: lab.logs.get(name) ?? [] };
    const open = (lab.state === "running" || has("node-logs-early")) && lab.nodes.includes(node);
    return open ? { lab, lines: lab.logs.get(name) ?? [] } : undefined;
  };
  const nodeEarly = (lab: Lab, node: string | undefined) =>
    node !== undefined && lab.nodes.includes(node) ? { lab, lines: [] } : undefined;
  const dynamic = io.of(/^\/(logs\/[^/]+(\/[^/]+)?|shells\/[^/]+)$/);
  authenticate(dynamic);
  dynamic.use((socket, next) => {
    const found = resolve(socket.nsp.name);
    if (found === undefined) return next(new Error("not available"));
    const user = socket.data.user as string;
    const allowed = found.shell === undefined ? found.lab.owner === user : found.shell.owner === user;
    return allowed ? next() : next(new Error("forbidden"));
  });
  dynamic.on("connection", (socket) => {
    const name = socket.nsp.name;
    const found = resolve(name);
    const set = subscribers.get(name) ?? new Set();
    subscribers.set(name, set.add(socket));
    socket.on("disconnect", () => set.delete(socket));
    const shell = found?.shell;
    if (shell === undefined) {
      socket.emit("backlog", [...(found?.lines ?? [])]);
      return;
    }
    if (shell.backlog.length > 0) socket.emit("backlog", [...shell.backlog]);
    socket.on("data", (keys: unknown) => {
      if (typeof keys !== "string" || !shells.has(shell.id)) return;
      shell.backlog.push(keys);
      if (!/[\r\n]/.test(keys)) return;
      const prompt = `\r\n${shell.node}$ `;
      shell.backlog.push(prompt);
      stream(name, "data", prompt);
    });
  });

  return listenOnLoopback(http, io, () => {
    for (const t of timers) clearTimeout(t);
  });
}
