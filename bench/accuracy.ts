// Benchmark 5: measurement accuracy. The echo server holds each ack for a known time (80% 5 ms, 20% 40 ms, in a
// fixed cycle), records how long it really held each one (timers fire late under load) and that is the truth; a
// generator should report it plus one loopback round trip. Volley's engine and Artillery's built-in socketio
// engine alternate against the same server (artillery-engine-socketio-v3 reports no response time at all).
import { type Child, forkBench } from "./child.js";
import { artilleryResponseTime, startArtillery } from "./generators/artillery.js";
import type { EchoLoad } from "./generators/echo-load.js";
import { type BenchmarkResult, type Measured, ratio } from "./result.js";
import { roundOrder, type Scale } from "./scale.js";
import { median } from "./stats.js";

const PATTERN = [5, 5, 5, 5, 5, 5, 5, 5, 40, 40];
const CONTENDERS = ["volley", "artillery-socketio"] as const;
type Contender = (typeof CONTENDERS)[number];

interface Reading {
  readonly p50: number;
  readonly p99: number;
  readonly truthP50: number;
  readonly truthP99: number;
}

async function measureOnce(server: Child, contender: Contender, load: EchoLoad): Promise<Reading> {
  let reported: { p50: number; p99: number } | undefined;
  if (contender === "volley") {
    const generator = forkBench("generators/volley.ts", [JSON.stringify(load)]);
    try {
      reported = (await generator.next("done", 180_000)) as unknown as { p50: number; p99: number };
    } finally {
      await generator.stop();
    }
  } else {
    const run = startArtillery("socketio", load);
    const code = await run.child.finish(180_000);
    if (code !== 0) throw new Error(`artillery exited with ${code}:\n${run.child.output}`);
    reported = artilleryResponseTime(run.reportPath);
    if (reported === undefined) throw new Error(`artillery reported no socketio.response_time:\n${run.child.output}`);
  }
  server.send({ type: "truth" });
  const truth = (await server.next("truth", 10_000)) as unknown as { p50: number; p99: number };
  return { p50: reported.p50, p99: reported.p99, truthP50: truth.p50, truthP99: truth.p99 };
}

export async function accuracy(scale: Scale): Promise<BenchmarkResult> {
  const full = scale === "full";
  const rounds = full ? 3 : 1;
  const server = forkBench("servers/echo-server.ts", [PATTERN.join(",")]);
  try {
    const { url } = (await server.next("ready", 60_000)) as unknown as { url: string };
    // 10 users x 20 emits/s for 4 s: light, so the figures show the instruments rather than a starved machine.
    const load: EchoLoad = { url, vus: full ? 10 : 2, ratePerVu: 20, perVu: full ? 80 : 20 };
    const readings = new Map<Contender, Reading[]>(CONTENDERS.map((c) => [c, []]));
    for (let round = 0; round < rounds; round++) {
      for (const contender of roundOrder(CONTENDERS, round)) {
        readings.get(contender)?.push(await measureOnce(server, contender, load));
      }
    }
    const measured: Measured[] = [];
    const ratios = [];
    for (const contender of CONTENDERS) {
      const r = readings.get(contender) ?? [];
      const row = (metric: string, values: number[]): Measured => ({
        contender,
        metric,
        unit: "ms",
        rounds: values,
        median: median(values),
      });
      const errors50 = r.map((x) => x.p50 - x.truthP50);
      const errors99 = r.map((x) => x.p99 - x.truthP99);
      measured.push(
        row(
          "reported p50",
          r.map((x) => x.p50),
        ),
        row(
          "true p50 (server hold)",
          r.map((x) => x.truthP50),
        ),
        row("p50 error (reported - true)", errors50),
        row(
          "reported p99",
          r.map((x) => x.p99),
        ),
        row(
          "true p99 (server hold)",
          r.map((x) => x.truthP99),
        ),
        row("p99 error (reported - true)", errors99),
      );
      ratios.push(
        ratio(`${contender}: reported / true p50`, median(r.map((x) => x.p50 / x.truthP50))),
        ratio(`${contender}: reported / true p99`, median(r.map((x) => x.p99 / x.truthP99))),
      );
    }
    return {
      id: "accuracy",
      title: "5. Measurement accuracy (echo server holding acks 5 ms x 80%, 40 ms x 20%)",
      measured,
      ratios,
      notes: [
        `${load.vus} users x ${load.ratePerVu} acked emits/s x ${load.perVu}, ${rounds} rounds alternating; truth = the`,
        "server's own measured hold per ack; error includes the loopback round trip and both event loops' delays.",
      ],
    };
  } finally {
    await server.stop();
  }
}
