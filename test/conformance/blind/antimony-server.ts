/**
 * An Antimony server written from protocols/seeds/antimony.md alone (issue 12): labs deploy after a short delay,
 * logs stream, shells echo. Where the document is silent it makes a reasonable engineer's choice, on purpose often
 * not the real server's, so that Volley's suite is tried on answers it was not written beside.
 *
 * Run standalone: `node --import tsx test/conformance/blind/antimony-server.ts` prints its URL and credentials.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";
import { type Namespace, Server, type Socket } from "socket.io";
import { listenOnLoopback } from "../../support/loopback.js";

/** Error codes of the document's table ("Error Codes"). */
const ERR = {
  generic: 5000,
  alreadyDeploying: 5004,
  labNotRunning: 5003,
  idNotFound: 5005,
  nodeNotFound: 5006,
  shellNotFound: 5007,
  shellLimit: 5008,
  invalid: 5422,
  noAccess: 5403,
} as const;

type Ack = { payload: unknown } | { code: number; message: string };
type LabState = "undeployed" | "deploying" | "running";

interface Lab {
  readonly id: string;
  readonly owner: string;
  readonly broken: boolean;
  readonly nodes: Map<string, { running: boolean; log: string[] }>;
  state: LabState;
  /** "Available once that lab has an instance": set by the first deploy, never cleared. */
  hasInstance: boolean;
  /** A destroy acked and still tearing down: the lab runs until it ends. */
  tearingDown: boolean;
  /** A deploy acked during a teardown, started when it ends. */
  deployQueued: boolean;
  readonly log: string[];
}

interface Shell {
  readonly id: string;
  readonly labId: string;
  readonly node: string;
  readonly owner: string;
  readonly output: string[];
}

/** What a log or shell namespace serves: its backlog, and the shell behind a shell namespace. */
interface StreamSource {
  readonly backlog: string[];
  readonly shell?: Shell;
  readonly noBacklog?: boolean;
}

/** Our choice: each user may hold this many shells at once; one more is refused with 5008. */
const SHELL_LIMIT = 5;
/** Our choice: a destroy is acked at once and the lab runs this long after it, as containerlab tears it down. */
const TEARDOWN_MS = 150;
/** How long a deploy takes, split in one step per node; long enough that "deploying" can be observed. */
const DEPLOY_STEP_MS = 60;
/** Running nodes write a log line this often, so a node log subscriber always sees `data` soon. */
const NODE_TICK_MS = 400;

interface FixtureLab {
  readonly owner: string;
  readonly nodes: string[];
  /** Every deploy of this lab fails in (simulated) containerlab. */
  readonly broken?: true;
}

const FIXTURE_LABS: Record<string, FixtureLab> = {
  "lab-alpha": { owner: "alice", nodes: ["r1", "r2", "host1"] },
  "lab-fresh": { owner: "alice", nodes: ["host1"] },
  "lab-broken": { owner: "alice", nodes: ["x1"], broken: true },
  "lab-gamma": { owner: "bob", nodes: ["n1"] },
};

/**
 * Departures from the document that a test can plant, one at a time, to see that the suite catches each: the names
 * say what the server then does wrong.
 */
export const DEFECTS = [
  "status-without-logContent",
  "status-timestamp-epoch",
  "lab-update-unwrapped",
  "lab-log-no-backlog",
  "lab-log-backlog-empty",
  "node-log-before-deploy",
  "node-log-wrapped-lines",
  "redeploy-refused",
  "destroy-does-nothing",
  "stop-does-nothing",
  "close-shell-does-nothing",
  "close-not-notified",
  "foreign-lab-allowed",
  "error-without-message",
  "shell-backlog-empty",
] as const;
export type Defect = (typeof DEFECTS)[number];

export interface BlindAntimonyServer {
  readonly url: string;
  /** user name → access token */
  readonly tokens: Readonly<Record<string, string>>;
  readonly labs: Readonly<Record<string, FixtureLab>>;
  /** What `volley conformance --fixtures` needs to know about this server (docs/conformance-antimony.md). */
  readonly fixtures: unknown;
  close(): Promise<void>;
}

const ok = (payload: unknown = null): Ack => ({ payload });

/** ISO 8601 with a numeric offset and whole seconds: as valid as `toISOString()`, and not the same text. */
const timestamp = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, "+00:00");

/**
 * Starts the server on loopback; `defect`, when given, is the one departure it plants; `deployStepMs` sets how long
 * each of a deploy's steps (one per node, one to end) takes.
 */
export async function startAntimonyServer(
  defect?: Defect,
  deployStepMs = DEPLOY_STEP_MS,
): Promise<BlindAntimonyServer> {
  const planted = (d: Defect): boolean => defect === d;
  const fail = (code: number, message: string): Ack =>
    planted("error-without-message") ? ({ code } as Ack) : { code, message };
  const tokens: Record<string, string> = { alice: `alice-${randomUUID()}`, bob: `bob-${randomUUID()}` };
  const userByToken = new Map(Object.entries(tokens).map(([user, token]) => [token, user]));
  const labs = new Map<string, Lab>();
  for (const [id, fixture] of Object.entries(FIXTURE_LABS)) {
    const nodes = new Map(fixture.nodes.map((n) => [n, { running: false, log: [] as string[] }]));
    labs.set(id, {
      id,
      owner: fixture.owner,
      broken: fixture.broken === true,
      nodes,
      state: "undeployed",
      hasInstance: false,
      tearingDown: false,
      deployQueued: false,
      log: [],
    });
  }
  const shells = new Map<string, Shell>();
  /** Sockets of each log and shell namespace, by namespace name (dynamic namespaces are reached only this way). */
  const streams = new Map<string, Set<Socket>>();
  const timers = new Set<NodeJS.Timeout>();

  const http = createServer();
  const io = new Server(http);

  const after = (ms: number, fn: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const userSockets = (nsp: Namespace, user: string): Socket[] =>
    [...nsp.sockets.values()].filter((s) => s.data.user === user);

  const stream = (name: string, backlog: string[], line: string): void => {
    backlog.push(line);
    const wrapped = planted("node-log-wrapped-lines") && name.split("/").length === 4;
    for (const s of streams.get(name) ?? []) s.emit("data", wrapped ? { payload: line } : line);
  };
  const labLog = (lab: Lab, line: string) => stream(`/logs/${lab.id}`, lab.log, `${timestamp()} ${line}`);
  const nodeLog = (lab: Lab, node: string, line: string) => {
    const n = lab.nodes.get(node);
    if (n) stream(`/logs/${lab.id}/${node}`, n.log, `${timestamp()} [${node}] ${line}`);
  };
  const dropStream = (name: string): void => {
    for (const s of streams.get(name) ?? []) s.disconnect();
    streams.delete(name);
  };

  // Our choice: status messages and lab updates go to the lab's owner only, not to every connected user.
  const statusMessage = (owner: string, severity: number, content: string, logContent: string) => {
    const payload: Record<string, unknown> = { id: randomUUID(), timestamp: timestamp(), source: "lab-manager" };
    Object.assign(payload, { content, logContent, severity });
    if (planted("status-without-logContent")) delete payload.logContent;
    if (planted("status-timestamp-epoch")) payload.timestamp = Date.now();
    for (const s of userSockets(io.of("/status-messages"), owner)) s.emit("data", { payload });
  };
  const labUpdate = (lab: Lab) => {
    const update = planted("lab-update-unwrapped") ? { labId: lab.id } : { payload: { labId: lab.id } };
    for (const s of userSockets(io.of("/lab-updates"), lab.owner)) s.emit("data", update);
  };

  const closeShell = (shell: Shell, command: 0 | 1, message: string) => {
    shells.delete(shell.id);
    // The document shows this payload bare (not wrapped in `payload`), so it is sent bare.
    const event = { labId: shell.labId, node: shell.node, shellId: shell.id, command, message };
    if (!planted("close-not-notified")) {
      for (const s of userSockets(io.of("/shell-commands"), shell.owner)) s.emit("data", event);
    }
    dropStream(`/shells/${shell.id}`);
  };
  const closeShellsOf = (lab: Lab, node: string | undefined, message: string) => {
    for (const shell of [...shells.values()]) {
      if (shell.labId === lab.id && (node === undefined || shell.node === node)) closeShell(shell, 1, message);
    }
  };

  const deploy = (lab: Lab) => {
    const redeploy = lab.state === "running";
    if (redeploy) {
      closeShellsOf(lab, undefined, "lab is being redeployed");
      for (const node of lab.nodes.keys()) dropStream(`/logs/${lab.id}/${node}`);
    }
    lab.state = "deploying";
    lab.hasInstance = true;
    for (const n of lab.nodes.values()) n.running = false;
    labLog(lab, `${redeploy ? "redeploying" : "deploying"} lab ${lab.id}`);
    statusMessage(lab.owner, 1, `Deploying ${lab.id}`, `deployment of lab ${lab.id} started by ${lab.owner}`);
    labUpdate(lab);
    const names = [...lab.nodes.keys()];
    const step = (i: number) => {
      if (lab.state !== "deploying") return;
      if (lab.broken) {
        // The deploy was acked when it started, so containerlab's failure can only be told here: an Error status.
        lab.state = "undeployed";
        labLog(lab, "containerlab: error: failed to create the lab's network");
        statusMessage(lab.owner, 3, `Deploying ${lab.id} failed`, "containerlab exited with status 1");
        labUpdate(lab);
        return;
      }
      if (i < names.length) {
        labLog(lab, `creating container for node ${names[i]}`);
        after(deployStepMs, () => step(i + 1));
        return;
      }
      lab.state = "running";
      for (const [name, n] of lab.nodes) {
        n.running = true;
        nodeLog(lab, name, "booted");
      }
      labLog(lab, `lab ${lab.id} deployed`);
      statusMessage(lab.owner, 0, `Deployed ${lab.id}`, `lab ${lab.id} is running with ${names.length} nodes`);
      labUpdate(lab);
    };
    after(deployStepMs, () => step(0));
  };

  const destroy = (lab: Lab) => {
    lab.tearingDown = false;
    closeShellsOf(lab, undefined, "lab destroyed");
    for (const [name, n] of lab.nodes) {
      n.running = false;
      dropStream(`/logs/${lab.id}/${name}`);
    }
    lab.state = "undeployed";
    labLog(lab, `lab ${lab.id} destroyed`);
    statusMessage(lab.owner, 1, `Destroyed ${lab.id}`, `lab ${lab.id} was destroyed by ${lab.owner}`);
    labUpdate(lab);
    if (lab.deployQueued) {
      lab.deployQueued = false;
      deploy(lab);
    }
  };

  const nodeAction = (lab: Lab, node: string, command: 2 | 3 | 4): Ack => {
    const n = lab.nodes.get(node);
    if (!n) return fail(ERR.nodeNotFound, `node ${node} is not part of lab ${lab.id}`);
    // Our choice: stopping a stopped node or starting a running one is not an error; the ack comes once it is done.
    if (planted("stop-does-nothing") && command === 2) return ok();
    if (command !== 3) closeShellsOf(lab, node, command === 2 ? "node stopped" : "node restarted");
    if (command === 4) nodeLog(lab, node, "restarting");
    n.running = command !== 2;
    nodeLog(lab, node, n.running ? "started" : "stopped");
    labUpdate(lab);
    return ok();
  };

  const openShell = (user: string, lab: Lab, node: string): Ack => {
    const n = lab.nodes.get(node);
    if (!n) return fail(ERR.nodeNotFound, `node ${node} is not part of lab ${lab.id}`);
    if (!n.running) return fail(ERR.generic, `node ${node} is not running`);
    const open = [...shells.values()].filter((s) => s.owner === user).length;
    if (open >= SHELL_LIMIT) return fail(ERR.shellLimit, `at most ${SHELL_LIMIT} shells may be open at once`);
    const shell: Shell = { id: randomUUID(), labId: lab.id, node, owner: user, output: [] };
    shell.output.push(`connected to ${node} in ${lab.id}\r\n${node}:~# `);
    shells.set(shell.id, shell);
    return ok(shell.id);
  };

  const labCommand = (user: string, raw: unknown): Ack => {
    // The document's payload is an object; anything else (a JSON string included) is an invalid request.
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return fail(ERR.invalid, "expected an object");
    const { labId, command, node, shellId } = raw as Record<string, unknown>;
    if (typeof labId !== "string" || labId === "") return fail(ERR.invalid, "labId must be a non-empty string");
    if (!Number.isInteger(command) || (command as number) < 0 || (command as number) > 7) {
      return fail(ERR.invalid, "command must be one of 0..7");
    }
    if (node !== undefined && typeof node !== "string") return fail(ERR.invalid, "node must be a string");
    if (shellId !== undefined && typeof shellId !== "string") return fail(ERR.invalid, "shellId must be a string");
    const lab = labs.get(labId);
    if (!lab) return fail(ERR.idNotFound, `no lab with id ${labId}`);
    if (lab.owner !== user && !planted("foreign-lab-allowed")) {
      return fail(ERR.noAccess, `lab ${labId} belongs to another user`);
    }
    const needsNode = command === 2 || command === 3 || command === 4 || command === 6;
    if (needsNode && node === undefined) return fail(ERR.invalid, `command ${command} needs a node`);
    switch (command) {
      case 0:
        if (lab.state === "deploying" || lab.deployQueued) {
          return fail(ERR.alreadyDeploying, `lab ${labId} is already being deployed`);
        }
        if (lab.tearingDown) {
          lab.deployQueued = true;
          return ok();
        }
        if (planted("redeploy-refused") && lab.state === "running") return fail(ERR.generic, "lab is running");
        deploy(lab);
        return ok();
      case 1:
        if (lab.state === "deploying") return fail(ERR.alreadyDeploying, `lab ${labId} is being deployed`);
        if (lab.state !== "running" || lab.tearingDown) return fail(ERR.labNotRunning, `lab ${labId} is not running`);
        if (!planted("destroy-does-nothing")) {
          lab.tearingDown = true;
          after(TEARDOWN_MS, () => destroy(lab));
        }
        return ok();
      case 7: {
        if (shellId === undefined) return fail(ERR.invalid, "command 7 needs a shellId");
        const shell = shells.get(shellId);
        if (!shell || shell.owner !== user || shell.labId !== labId) {
          return fail(ERR.shellNotFound, `no open shell ${shellId} in lab ${labId}`);
        }
        if (!planted("close-shell-does-nothing")) closeShell(shell, 1, "shell closed by its user");
        return ok();
      }
    }
    // Commands 2 to 6 act on a deployed lab. Our choice: listing shells of a lab that is not running is 5003 too.
    if (lab.state !== "running") return fail(ERR.labNotRunning, `lab ${labId} is not running`);
    if (command === 5) {
      const mine = [...shells.values()].filter((s) => s.owner === user && s.labId === labId);
      return ok(mine.map((s) => ({ id: s.id, node: s.node })));
    }
    if (command === 6) return openShell(user, lab, node as string);
    return nodeAction(lab, node as string, command as 2 | 3 | 4);
  };

  // Authentication ("auth: { token }") on every documented namespace; a refusal is a connect_error.
  const authenticate = (socket: Socket, next: (err?: Error) => void) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const user = typeof token === "string" ? userByToken.get(token) : undefined;
    if (!user) return next(refusal(ERR.noAccess, "a valid access token is required"));
    socket.data.user = user;
    next();
  };

  for (const name of ["/status-messages", "/lab-updates", "/shell-commands", "/lab-commands"]) {
    io.of(name).use(authenticate);
  }
  io.of("/lab-commands").on("connection", (socket) => {
    socket.on("data", (raw: unknown, ack?: unknown) => {
      const answer = labCommand(socket.data.user as string, raw);
      if (typeof ack === "function") ack(answer);
    });
  });

  /** Which backlog a dynamic namespace serves to `user`, or why it is not available now. */
  const resolveStream = (name: string, user: string): StreamSource | Error => {
    const [, kind, first, second] = name.split("/");
    if (kind === "shells") {
      const shell = shells.get(first ?? "");
      if (!shell || shell.owner !== user) return refusal(ERR.shellNotFound, `no open shell ${first}`);
      return { backlog: planted("shell-backlog-empty") ? [] : shell.output, shell };
    }
    const lab = labs.get(first ?? "");
    if (!lab) return refusal(ERR.idNotFound, `no lab with id ${first}`);
    if (lab.owner !== user) return refusal(ERR.noAccess, `lab ${first} belongs to another user`);
    if (second === undefined) {
      if (!lab.hasInstance) return refusal(ERR.generic, `lab ${first} was never deployed`);
      return { backlog: planted("lab-log-backlog-empty") ? [] : lab.log, noBacklog: planted("lab-log-no-backlog") };
    }
    const node = lab.nodes.get(second);
    if (!node) return refusal(ERR.nodeNotFound, `node ${second} is not part of lab ${first}`);
    if (lab.state !== "running" && !(planted("node-log-before-deploy") && lab.hasInstance)) {
      return refusal(ERR.labNotRunning, `lab ${first} is not deployed`);
    }
    return { backlog: node.log };
  };

  const dynamic = io.of(/^\/(logs\/[^/]+(\/[^/]+)?|shells\/[^/]+)$/);
  dynamic.use(authenticate);
  dynamic.use((socket, next) => {
    const resolved = resolveStream(socket.nsp.name, socket.data.user as string);
    if (resolved instanceof Error) return next(resolved);
    socket.data.stream = resolved;
    next();
  });
  dynamic.on("connection", (socket) => {
    const { backlog, shell, noBacklog } = socket.data.stream as StreamSource;
    const name = socket.nsp.name;
    const members = streams.get(name) ?? new Set<Socket>();
    streams.set(name, members.add(socket));
    socket.on("disconnect", () => members.delete(socket));
    if (!noBacklog) socket.emit("backlog", [...backlog]);
    if (shell) socket.on("data", (input: unknown) => shellInput(shell, input));
  });

  const shellInput = (shell: Shell, input: unknown) => {
    if (!shells.has(shell.id)) return;
    if (typeof input !== "string") {
      // Not text a terminal can take: reported as a shell I/O error; the shell stays open.
      const event = {
        labId: shell.labId,
        node: shell.node,
        shellId: shell.id,
        command: 0,
        message: "input is not text",
      };
      for (const s of userSockets(io.of("/shell-commands"), shell.owner)) s.emit("data", event);
      return;
    }
    // A terminal echoes what is typed; a line end brings a new prompt.
    const echoed = input.replace(/\r?\n|\r/g, `\r\n${shell.node}:~# `);
    stream(`/shells/${shell.id}`, shell.output, echoed);
  };

  const ticker = setInterval(() => {
    for (const lab of labs.values()) {
      if (lab.state !== "running") continue;
      for (const [name, n] of lab.nodes) if (n.running) nodeLog(lab, name, "heartbeat");
    }
  }, NODE_TICK_MS);

  const server = await listenOnLoopback(http, io, () => {
    clearInterval(ticker);
    for (const t of timers) clearTimeout(t);
  });
  const fixtures = {
    lab: { id: "lab-alpha", nodes: FIXTURE_LABS["lab-alpha"]?.nodes },
    otherToken: tokens.bob,
    failingLab: { id: "lab-broken" },
    undeployedLab: { id: "lab-fresh", node: "host1" },
    shellLimit: SHELL_LIMIT,
  };
  return { url: server.url, tokens, labs: FIXTURE_LABS, fixtures, close: server.close };
}

/** A connect_error carrying the document's error shape in `data`. */
function refusal(code: number, message: string): Error {
  return Object.assign(new Error(message), { data: { code, message } });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const server = await startAntimonyServer();
  console.log(server.url);
  console.log(`token (alice): ${server.tokens.alice}`);
  console.log(`fixtures: ${JSON.stringify(server.fixtures)}`);
}
