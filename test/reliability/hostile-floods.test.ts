import type { Socket as NetSocket } from "node:net";
import { describe, expect } from "vitest";
import WebSocket from "ws";
import { connect, connectV2, emitAck } from "../support/client.js";
import { hostileSuite } from "./hostile/hostile-suite.js";
import { engineRequest, pollingSession, rawSocket } from "./hostile/raw-engine.js";
import { until } from "./until.js";

// Floods against the command network: storms of connections, bursts of events, and a client that stops reading
// while others send to it. The outgoing cap is 1 MB here (default 4 MB) so that the slow consumer passes it fast.
const CAP = 1_000_000;
const suite = hostileSuite("command-network", import.meta.filename, { limits: { maxOutgoingBufferBytes: CAP } });

async function metric(url: string, pattern: RegExp): Promise<number> {
  const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(2_000) })).text();
  const line = text.split("\n").find((l) => pattern.test(l));
  return line === undefined ? 0 : Number(line.split(" ").at(-1));
}

let senders = 0;
/** A registered Socket.IO 4 client that can send commands. */
async function sender(url: string) {
  const client = await connect(url);
  await emitAck(client, "register", { name: `sender-${++senders}` });
  return client;
}

const sockets = async (url: string) =>
  ((await (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) })).json()) as { sockets: number })
    .sockets;

describe("floods", () => {
  suite.case(
    "drops a client that stops reading once its unsent data passes limits.maxOutgoingBufferBytes",
    async (url) => {
      const slow = await rawSocket(url);
      slow.send("40");
      await slow.frame((f) => f.startsWith("40{"));
      slow.send('421["register",{"name":"slow-consumer"}]');
      await slow.frame((f) => f.startsWith("431"));
      // From here the client reads nothing: the kernel buffers fill, then the server's.
      const tcp = (slow.ws as unknown as { _socket: NetSocket })._socket;
      tcp.pause();
      const sender = await connect(url);
      await emitAck(sender, "register", { name: "flooder" });
      const pad = "p".repeat(60_000);
      const capped = /volley_server_errors_total\{.*code="slow_consumer"/;
      // 60 kB commands until the server gives up on the slow client; bounded at 2000 (120 MB) so a missing cap fails.
      for (let i = 0; i < 2_000 && (await metric(url, capped)) === 0; i += 20) {
        await Promise.all(
          Array.from({ length: 20 }, () =>
            emitAck(sender, "command", { command: "bulk", meta: { pad }, target: "slow-consumer" }),
          ),
        );
      }
      expect(await metric(url, capped)).toBe(1);
      tcp.resume();
      await slow.closedByServer();
    },
    30_000,
  );

  suite.case(
    "drops a long-polling client that never polls once its write buffer passes the cap",
    async (url) => {
      const capped = /volley_server_errors_total\{.*code="slow_consumer"/;
      const before = await metric(url, capped);
      const sid = await pollingSession(url);
      const post = (body: string) => engineRequest(url, `EIO=4&transport=polling&sid=${sid}`, { method: "POST", body });
      await post("40");
      await post('421["register",{"name":"slow-poller"}]');
      await until(async () => {
        const clients = await emitAck(await sender(url), "get_clients");
        return JSON.stringify(clients).includes('"slow-poller"');
      }, 5_000);
      const flooder = await sender(url);
      const pad = "q".repeat(60_000);
      for (let i = 0; i < 2_000 && (await metric(url, capped)) === before; i += 20) {
        await Promise.all(
          Array.from({ length: 20 }, () =>
            emitAck(flooder, "command", { command: "bulk", meta: { pad }, target: "slow-poller" }),
          ),
        );
      }
      expect(await metric(url, capped)).toBe(before + 1);
      const poll = await engineRequest(url, `EIO=4&transport=polling&sid=${sid}`);
      expect(poll.status).toBe(400);
    },
    30_000,
  );

  suite.case("survives a storm of 200 connections opened and dropped at once, and keeps none of them", async (url) => {
    const before = await sockets(url);
    // Half Engine.IO 4, half 3; a third reset, the rest closed politely, each as soon as it is open.
    const storm = Array.from(
      { length: 200 },
      (_, i) =>
        new Promise<void>((resolve) => {
          const ws = new WebSocket(
            `${url.replace("http", "ws")}/socket.io/?EIO=${i % 2 === 0 ? 4 : 3}&transport=websocket`,
          );
          ws.on("error", () => {});
          ws.once("open", () => (i % 3 === 0 ? ws.terminate() : ws.close()));
          ws.once("close", () => resolve());
        }),
    );
    await Promise.race([
      Promise.all(storm),
      new Promise((_, reject) => setTimeout(() => reject(new Error("storm hung")), 10_000)),
    ]);
    await until(async () => (await sockets(url)) === before, 5_000);
  });

  suite.case("answers every one of 1000 events sent in one burst by one client", async (url) => {
    const client = await connect(url);
    // One deadline for the whole burst: the last ack waits behind 999 others on a busy machine.
    const acks = await Promise.all(
      Array.from({ length: 1_000 }, () => client.timeout(10_000).emitWithAck("get_clients")),
    );
    expect(acks.every((a) => (a as { error?: number }).error === 480)).toBe(true);
  });

  suite.case("answers a Socket.IO 2 client flooding register with one success, then 451 each time", async (url) => {
    const client = await connectV2(url);
    const replies = await Promise.all(
      Array.from(
        { length: 200 },
        () =>
          new Promise<unknown>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error("no ack")), 5_000);
            client.emit("register", { name: "v2-flooder" }, (reply: unknown) => {
              clearTimeout(timer);
              resolve(reply);
            });
          }),
      ),
    );
    expect(replies[0]).toMatchObject({ success: true });
    expect(replies.slice(1).every((r) => (r as { error?: number }).error === 451)).toBe(true);
  });
});
