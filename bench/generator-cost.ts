// Benchmark 1: what a generator costs. Acked emits per client CPU-second against the same plain Socket.IO echo
// server, each generator in its own process, CPU read from /proc for that process only (all its threads).

import { type Child, forkBench } from "./child.js";
import { startArtillery } from "./generators/artillery.js";
import { type EchoLoad, totalEmits } from "./generators/echo-load.js";
import { cpuSeconds } from "./proc.js";
import { type BenchmarkResult, type Measured, ratio } from "./result.js";
import { roundOrder, type Scale } from "./scale.js";
import { median } from "./stats.js";

const CONTENDERS = ["volley", "artillery-socketio", "artillery-socketio-v3", "hand-written", "raw-ws"] as const;
type Contender = (typeof CONTENDERS)[number];

/** The smoke test leaves out Artillery (about 10 s of start-up per run); accuracy's tiny run still starts it once. */
function contenders(scale: Scale): readonly Contender[] {
  return scale === "full" ? CONTENDERS : CONTENDERS.filter((c) => !c.startsWith("artillery"));
}

const LOADS: Record<Scale, { rounds: number; load: Omit<EchoLoad, "url"> }> = {
  // 20 sockets x 100 acked emits/s for 4 s: a rate every contender sustains on 2 loaded cores; the window's CPU
  // (about a second) is many of /proc's 10 ms ticks, and 4 s leaves JIT warm-up mostly outside the window (at 2 s
  // identical code gave ratios from 0.68x to 1.06x). Longer runs would push `npm run bench` past 10 minutes.
  full: { rounds: 3, load: { vus: 20, ratePerVu: 100, perVu: 400 } },
  tiny: { rounds: 1, load: { vus: 2, ratePerVu: 50, perVu: 20 } },
};

/** Steady state only: CPU is read as the server sees the 20% and the 90% emit, leaving out start-up and connects. */
const WINDOW = [0.2, 0.9] as const;

function startGenerator(contender: Contender, load: EchoLoad): Child {
  switch (contender) {
    case "volley":
      return forkBench("generators/volley.ts", [JSON.stringify(load)]);
    case "hand-written":
      return forkBench("generators/hand-written.ts", [JSON.stringify(load)]);
    case "raw-ws":
      return forkBench("generators/raw-ws.ts", [JSON.stringify(load)]);
    case "artillery-socketio":
      return startArtillery("socketio", load).child;
    case "artillery-socketio-v3":
      return startArtillery("socketio-v3", load).child;
  }
}

/** One run of one contender: acked emits per CPU-second of its process over the steady-state window. */
async function measureOnce(server: Child, contender: Contender, load: EchoLoad): Promise<number> {
  const total = totalEmits(load);
  const marks = WINDOW.map((f) => Math.max(1, Math.round(total * f)));
  server.send({ type: "watch", marks });
  const generator = startGenerator(contender, load);
  try {
    const deadline = 60_000 + (load.perVu / load.ratePerVu) * 1000 * 5;
    await server.next("mark", deadline);
    const from = cpuSeconds(generator.pid);
    await server.next("mark", deadline);
    const to = cpuSeconds(generator.pid);
    const code = await generator.finish(deadline);
    if (code !== 0) throw new Error(`${contender} exited with ${code}:\n${generator.output}`);
    // One clock tick of CPU at least, so a tiny run gives a large finite figure rather than Infinity.
    return ((marks[1] as number) - (marks[0] as number)) / Math.max(to - from, 0.01);
  } finally {
    await generator.stop();
  }
}

export async function generatorCost(scale: Scale): Promise<BenchmarkResult> {
  const { rounds, load: shape } = LOADS[scale];
  const server = forkBench("servers/echo-server.ts", ["0"]);
  try {
    const { url } = (await server.next("ready", 30_000)) as unknown as { url: string };
    const load: EchoLoad = { url, ...shape };
    const values = new Map<Contender, number[]>(CONTENDERS.map((c) => [c, []]));
    for (let round = 0; round < rounds; round++) {
      for (const contender of roundOrder(contenders(scale), round)) {
        values.get(contender)?.push(await measureOnce(server, contender, load));
      }
    }
    const measured: Measured[] = contenders(scale).map((contender) => {
      const rounds = values.get(contender) ?? [];
      return {
        contender,
        metric: "acked emits per client CPU-second",
        unit: "emit/cpu-s",
        rounds,
        median: median(rounds),
      };
    });
    const m = (c: Contender) => measured.find((x) => x.contender === c)?.median ?? Number.NaN;
    return {
      id: "generator-cost",
      title: "1. Generator cost (echo server, client CPU only)",
      measured,
      ratios: [
        ratio("volley / hand-written", m("volley") / m("hand-written"), { atLeast: 0.9 }),
        ratio("volley / artillery-socketio", m("volley") / m("artillery-socketio"), { atLeast: 1.3 }),
        ratio("volley / artillery-socketio-v3", m("volley") / m("artillery-socketio-v3")),
        ratio("volley / raw-ws (floor)", m("volley") / m("raw-ws")),
        ratio("hand-written / raw-ws (floor)", m("hand-written") / m("raw-ws")),
      ],
      notes: [
        `${load.vus} sockets x ${load.ratePerVu} acked emits/s x ${load.perVu} each, ${rounds} rounds alternating;`,
        `CPU (user+system, all threads, /proc/<pid>/stat) between the server's ${WINDOW[0] * 100}% and ${WINDOW[1] * 100}% emit.`,
      ],
    };
  } finally {
    await server.stop();
  }
}
