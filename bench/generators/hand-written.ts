// Contender (d): the socket.io-client loop a person would write: the same open schedule as Volley's engine (each
// user at its own random phase, so users do not send in lockstep bursts), latency from the intended send time, no
// accounting beyond a sorted array.
import { io, type Socket } from "socket.io-client";
import { tellBench } from "../child.js";
import { median } from "../stats.js";
import { dueAt, echoLoadFromArgs } from "./echo-load.js";

const load = echoLoadFromArgs();
const latencies: number[] = [];

function connectOne(): Promise<Socket> {
  return new Promise((resolve) => {
    const s = io(load.url, { transports: ["websocket"], forceNew: true });
    s.once("connect", () => resolve(s));
  });
}

function oneUser(s: Socket): Promise<void> {
  return new Promise((resolve) => {
    let sent = 0;
    let done = 0;
    // The same random phase as Volley's engine (scenarios/engine/virtual-user.ts): without it all users send in the
    // same millisecond, which costs fewer timer wake-ups and compares a different load shape, not a leaner client.
    const start = performance.now() + Math.random() * dueAt(load, 1);
    const tick = () => {
      while (sent < load.perVu && start + dueAt(load, sent) <= performance.now()) {
        const at = start + dueAt(load, sent);
        sent += 1;
        s.timeout(10_000).emit("echo", sent, () => {
          latencies.push(performance.now() - at);
          done += 1;
          if (done === load.perVu) resolve();
        });
      }
      if (sent < load.perVu) setTimeout(tick, start + dueAt(load, sent) - performance.now());
    };
    tick();
  });
}

const sockets = await Promise.all(Array.from({ length: load.vus }, connectOne));
await Promise.all(sockets.map(oneUser));
for (const s of sockets) s.close();
latencies.sort((a, b) => a - b);
tellBench({ type: "done", delivered: latencies.length, p50: median(latencies) });
process.exit(0);
