// Benchmark 2: what the reference server costs over a minimal Socket.IO server doing the same work. Messages per
// server CPU-second (its whole process, from /proc) for an emit/ack load and a 1-to-1,000 broadcast, the same
// generator (Volley's runner, in its own process) against each server in turn.
import { fileURLToPath } from "node:url";
import { type Child, forkBench } from "./child.js";
import { CpuSampler } from "./cpu-sampler.js";
import type { ScenarioRun } from "./generators/scenario-run.js";
import { type BenchmarkResult, type Measured, ratio } from "./result.js";
import { roundOrder, type Scale } from "./scale.js";
import { median } from "./stats.js";

const SERVERS = ["reference", "minimal"] as const;
type ServerKind = (typeof SERVERS)[number];

interface Workload {
  readonly name: string;
  readonly run: Omit<ScenarioRun, "target">;
  /** The metric whose delivered count is the messages served (acks, or deliveries to receivers). */
  readonly counted: string;
}

const ACK_SCENARIO = fileURLToPath(new URL("scenarios/command-network-ack.yml", import.meta.url));
const FANOUT_SCENARIO = fileURLToPath(new URL("scenarios/command-network-fanout.yml", import.meta.url));

function workloads(scale: Scale): readonly Workload[] {
  const full = scale === "full";
  const receivers = full ? 1_000 : 4;
  const senderRate = full ? 10 : 5;
  return [
    {
      name: "emit/ack",
      run: {
        scenario: ACK_SCENARIO,
        vus: full ? 20 : 2,
        rate: full ? 2_000 : 20,
        // Steady state: the window opens after 2 s of acks (4,000). In the first second the reference server's JIT
        // compiles about twice the code the minimal one does (62 functions in ~500 ms vs 36 in ~170 ms, on V8's
        // background threads, which /proc counts); a 3 s run with the window from 0.3 s measured mostly that.
        durationSeconds: full ? 5 : 1,
        windowAfter: full ? 4_000 : 2,
      },
      counted: "command",
    },
    {
      name: `fan-out 1->${receivers}`,
      // --rate is shared by the users that send: only user 0 (scenarios/command-network-fanout.yml).
      run: {
        scenario: FANOUT_SCENARIO,
        vus: receivers + 1,
        rate: senderRate,
        durationSeconds: full ? 3 : 1,
        // a tenth of the deliveries in: every receiver has connected by then
        windowAfter: (receivers * senderRate * (full ? 3 : 1)) / 10,
      },
      counted: "received",
    },
  ];
}

function startServer(kind: ServerKind): Child {
  return kind === "reference"
    ? forkBench("servers/reference-server.ts", [JSON.stringify({ api: "command-network" })])
    : forkBench("servers/minimal-server.ts", []);
}

/** One run: messages the server handled per CPU-second of its process, over the generator's measured window. */
async function measureOnce(kind: ServerKind, workload: Workload): Promise<number> {
  const server = startServer(kind);
  let generator: Child | undefined;
  try {
    const { url } = (await server.next("ready", 60_000)) as unknown as { url: string };
    const run: ScenarioRun = { windowMetric: workload.counted, ...workload.run, target: url };
    generator = forkBench("generators/scenario.ts", [JSON.stringify(run)]);
    const sampler = new CpuSampler(server.pid);
    const done = (await generator.next("done", 120_000)) as unknown as {
      window: { counted: number; startMs: number | null; endMs: number | null };
    };
    sampler.stop();
    const { counted, startMs, endMs } = done.window;
    if (startMs === null || endMs === null) {
      throw new Error(`${kind}: fewer than ${run.windowAfter} ${workload.counted} delivered:\n${generator.output}`);
    }
    const cpu = sampler.at(endMs) - sampler.at(startMs);
    return (counted - (run.windowAfter ?? 1)) / Math.max(cpu, 0.01);
  } finally {
    await generator?.stop();
    await server.stop();
  }
}

export async function serverOverhead(scale: Scale): Promise<BenchmarkResult> {
  const rounds = scale === "full" ? 3 : 1;
  const measured: Measured[] = [];
  const ratios = [];
  for (const workload of workloads(scale)) {
    const values = new Map<ServerKind, number[]>(SERVERS.map((s) => [s, []]));
    for (let round = 0; round < rounds; round++) {
      for (const kind of roundOrder(SERVERS, round)) values.get(kind)?.push(await measureOnce(kind, workload));
    }
    const medians = new Map<ServerKind, number>();
    for (const kind of SERVERS) {
      const rounds = values.get(kind) ?? [];
      medians.set(kind, median(rounds));
      const metric = `${workload.name}: messages per server CPU-second`;
      measured.push({ contender: `${kind} server`, metric, unit: "msg/cpu-s", rounds, median: median(rounds) });
    }
    const value = (medians.get("reference") ?? Number.NaN) / (medians.get("minimal") ?? Number.NaN);
    ratios.push(ratio(`${workload.name}: reference / minimal`, value, { atLeast: 0.8 }));
  }
  return {
    id: "server-overhead",
    title: "2. Reference server overhead (command-network vs a minimal Socket.IO server)",
    measured,
    ratios,
    notes: [
      `${rounds} rounds alternating; server CPU (all threads, /proc, sampled every 50 ms) over the generator's window to the last counted message:`,
      "emit/ack after its first 4,000 acks (2 s of warm-up), fan-out after a tenth of its deliveries (every receiver connected);",
      "messages = acks (emit/ack) or deliveries to receivers (fan-out). Per CPU-second is throughput per core.",
    ],
  };
}
