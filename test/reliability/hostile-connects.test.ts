import { Manager } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logLineSchema, parseLogLine } from "../../protocols/antimony/index.js";
import { API_NAMES } from "../../protocols/protocol.js";
import { NAMESPACE_CAP_MESSAGE } from "../../reference-server/connection-guard.js";
import { silentLogger } from "../../reference-server/logger.js";
import { resolveServerOptions } from "../../reference-server/options.js";
import { type ReferenceServer, startReferenceServer } from "../../reference-server/start.js";
import { connect, emitAck, next } from "../support/client.js";
import { demo, type HonestTraffic, honestTraffic } from "./hostile/honest-client.js";
import { rawSocket } from "./hostile/raw-engine.js";

// Issue 15, item 1: one authenticated client sending 1,000 CONNECTs for one namespace on one WebSocket ran the
// all-API server out of heap. The server here is that one: every API in one process, nodes logging 500 lines of
// 1,000 bytes a second (a full backlog is 1 MB), and the namespace cap low enough to reach in a test.
const CAP = 6;
const BACKLOG_LINES = 1_000;
/** Heap growth allowed during an attack: one connection's outgoing cap (4 MB) and a backlog, with room for GC. */
const HEAP_BOUND_BYTES = 64 * 2 ** 20;

let server: ReferenceServer | undefined;
const urlOf = (api: string) => {
  const found = server?.apis.find((a) => a.api === api);
  if (found === undefined) throw new Error(`${api} is not running`);
  return found.url;
};
const token = demo.antimonyToken("alice");
const connectPacket = (namespace: string) => `40${namespace},${JSON.stringify({ token })}`;

beforeAll(async () => {
  server = await startReferenceServer({
    apis: API_NAMES,
    port: 0,
    fixtures: {},
    log: () => silentLogger,
    options: resolveServerOptions({
      limits: { maxNamespacesPerConnection: CAP, backlogLines: BACKLOG_LINES },
      simulation: { logLinesPerSecond: 500, logLineBytes: 1_000, deployMs: 20 },
    }),
  });
  const commands = await connect(`${urlOf("antimony")}/lab-commands`, { auth: { token } });
  await emitAck(commands, "data", { labId: "lab-alpha", command: 0 });
  // The attack is worst with a full backlog: wait for line 1,000 of router1's log.
  const logs = await connect(`${urlOf("antimony")}/logs/lab-alpha/router1`, { auth: { token } });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`router1 did not log ${BACKLOG_LINES} lines`)), 20_000);
    logs.on("data", (line: unknown) => {
      if ((parseLogLine(logLineSchema.parse(line))?.seq ?? 0) < BACKLOG_LINES) return;
      clearTimeout(timer);
      resolve();
    });
  });
  logs.close();
}, 30_000);
afterAll(() => server?.close());

/** The largest heap growth over a baseline while `work` runs, sampled every 5 ms and once at the end. */
async function heapGrowthDuring(work: () => Promise<void>): Promise<number> {
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const sample = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 5);
  try {
    await work();
  } finally {
    clearInterval(sample);
  }
  return Math.max(peak, process.memoryUsage().heapUsed) - base;
}

/** Honest traffic on every API while `attack` runs; afterwards every honest request must have had its answer. */
async function withHonestClients(attack: () => Promise<void>): Promise<number> {
  const honest: HonestTraffic[] = await Promise.all(API_NAMES.map((api) => honestTraffic(api, urlOf(api))));
  const growth = await heapGrowthDuring(attack);
  const outcomes = await Promise.all(honest.map((h) => h.stop()));
  for (const [i, { sent, wrong }] of outcomes.entries()) {
    expect(wrong, `${API_NAMES[i]}: honest requests without their correct answer (of ${sent})`).toEqual([]);
  }
  for (const api of API_NAMES) {
    expect((await fetch(`${urlOf(api)}/healthz`, { signal: AbortSignal.timeout(2_000) })).status).toBe(200);
  }
  return growth;
}

describe("one connection that asks for a namespace again and again", () => {
  for (const [namespace, eio] of [
    ["/logs/lab-alpha/router1", 4],
    ["/lab-commands", 4],
    ["/logs/lab-alpha/router2", 3],
  ] as const) {
    it(`is closed after 1,000 CONNECTs for ${namespace} (Engine.IO ${eio}); every API keeps answering`, async () => {
      const growth = await withHonestClients(async () => {
        const hostile = await rawSocket(urlOf("antimony"), eio);
        // Socket.IO 2 clients send the token in the namespace's query string (D1).
        const packet = eio === 3 ? `40${namespace}?token=${token},` : connectPacket(namespace);
        for (let i = 0; i < 1_000; i++) hostile.send(packet);
        await hostile.closedByServer();
        // At most the first CONNECT was answered: one connect ack and one backlog, never one per CONNECT.
        expect(hostile.frames.filter((f) => f.includes('"backlog"')).length).toBeLessThanOrEqual(1);
      });
      process.stdout.write(
        `hostile connects (${namespace}, EIO ${eio}): heap grew ${(growth / 2 ** 20).toFixed(1)} MiB\n`,
      );
      expect(growth).toBeLessThan(HEAP_BOUND_BYTES);
    }, 30_000);
  }
});

describe(`one connection with more than limits.maxNamespacesPerConnection (${CAP}) namespaces`, () => {
  it("gets a connect_error for the one past the cap, keeps the others, and may connect again after leaving one", async () => {
    await withHonestClients(async () => {
      const url = urlOf("antimony");
      const namespaces = ["/lab-commands", "/status-messages", "/lab-updates", "/shell-commands", "/logs/lab-alpha"];
      const nodes = ["/logs/lab-alpha/router1", "/logs/lab-alpha/router2", "/logs/lab-alpha/client1"];
      // One Manager: socket.io-client multiplexes every namespace on one connection, as a UI does.
      const manager = new Manager(url, { transports: ["websocket"], reconnection: false });
      const open = (nsp: string) => manager.socket(nsp, { auth: { token } }).connect();
      try {
        const [commands, status, ...rest] = [...namespaces, nodes[0] as string].map(open);
        if (commands === undefined || status === undefined) throw new Error("no sockets opened");
        const held = [commands, status, ...rest];
        await Promise.all(held.map((s) => next(s, "connect", 5_000)));
        const over = open(nodes[1] as string);
        expect(((await next(over, "connect_error", 5_000))[0] as Error).message).toBe(NAMESPACE_CAP_MESSAGE);
        expect(held.every((s) => s.connected)).toBe(true);
        expect(await emitAck(commands, "data", { labId: "lab-alpha", command: 5 })).toHaveProperty("payload");
        // Leaving a namespace frees its place on the connection.
        status.disconnect();
        const again = open(nodes[2] as string);
        await next(again, "connect", 5_000);
      } finally {
        manager.engine.close();
      }
    });
  }, 30_000);
});
