// Client CPU for one open-model load, hand-written socket.io-client loop vs Volley's runner (rough check; the
// proper benchmark lives elsewhere). Start `node scenarios/stock-check/echo-server.mjs 7499 0` first, then:
//   npx tsx scenarios/stock-check/lean-check.ts hand   and   npx tsx scenarios/stock-check/lean-check.ts volley
import { io, type Socket } from "socket.io-client";
import { summarize } from "../engine/histogram.js";
import { Measurements } from "../engine/measurements.js";
import { runScenario } from "../engine/runner.js";
import { scenarioSchema } from "../engine/scenario.js";

const URL = "http://127.0.0.1:7499";
const VUS = 10;
const RATE = 5000;
const SECONDS = 5;

function connectOne(): Promise<Socket> {
  return new Promise((resolve) => {
    const s = io(URL, { transports: ["websocket"], forceNew: true });
    s.once("connect", () => resolve(s));
  });
}

/** The loop a person would write: the same schedule, latency from the intended time, no accounting. */
async function handWritten(): Promise<string> {
  const sockets = await Promise.all(Array.from({ length: VUS }, connectOne));
  const latencies: number[] = [];
  const perUser = RATE / VUS;
  const total = perUser * SECONDS;
  const oneUser = (s: Socket) =>
    new Promise<void>((resolve) => {
      let sent = 0;
      let done = 0;
      const start = performance.now();
      const tick = () => {
        while (sent < total && start + (sent * 1000) / perUser <= performance.now()) {
          const at = start + (sent * 1000) / perUser;
          sent += 1;
          s.timeout(5000).emit("echo", sent, () => {
            latencies.push(performance.now() - at);
            done += 1;
            if (done === total) resolve();
          });
        }
        if (sent < total) setTimeout(tick, start + (sent * 1000) / perUser - performance.now());
      };
      tick();
    });
  await Promise.all(sockets.map(oneUser));
  for (const s of sockets) s.close();
  latencies.sort((a, b) => a - b);
  return `p50 ${latencies[Math.floor(latencies.length / 2)]?.toFixed(3)} ms, n ${latencies.length}`;
}

async function volley(): Promise<string> {
  const m = new Measurements();
  const scenario = scenarioSchema.parse({
    engine: "volley",
    flow: [{ openLoop: { rate: 1, durationSeconds: 1, emitAck: { event: "echo", args: ["{{seq}}"] } } }],
  });
  await runScenario(scenario, { target: URL, vus: VUS, rate: RATE, durationSeconds: SECONDS }, m);
  const s = summarize(m.metric("ack:echo").total);
  return `p50 ${s.p50} ms, n ${s.count}`;
}

const which = process.argv[2] === "volley" ? "volley" : "hand";
const before = process.cpuUsage();
const result = which === "volley" ? await volley() : await handWritten();
const cpu = process.cpuUsage(before);
process.stdout.write(`${which}: ${result}, client CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s\n`);
