// Benchmark 4: connections. Memory per connected client on the generator (Volley's runner) and on the reference
// server (command-network, which needs no credentials to connect), at two socket counts alternating, and the rate
// at which they connect when all are opened at once.
import { fileURLToPath } from "node:url";
import { type Child, forkBench } from "./child.js";
import type { ScenarioRun } from "./generators/scenario-run.js";
import { rssBytes } from "./proc.js";
import { type BenchmarkResult, type Measured, ratio } from "./result.js";
import { roundOrder, type Scale } from "./scale.js";
import { median } from "./stats.js";

const HOLD_SCENARIO = fileURLToPath(new URL("scenarios/hold.yml", import.meta.url));

interface ConnectionFigures {
  readonly generatorBytesPerSocket: number;
  readonly serverBytesPerSocket: number;
  readonly connectsPerSecond: number;
  /** Connects that failed (refused, reset, timed out), with their codes: reported, never hidden. */
  readonly failed: number;
  readonly errors: Readonly<Record<string, number>>;
}

/** Lets the processes settle after start-up so the baseline RSS is not taken mid-initialisation. */
async function settled(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 500));
}

async function measureOnce(sockets: number): Promise<ConnectionFigures> {
  const server = forkBench("servers/reference-server.ts", [JSON.stringify({ api: "command-network" })]);
  let generator: Child | undefined;
  try {
    const { url } = (await server.next("ready", 60_000)) as unknown as { url: string };
    const run: ScenarioRun = { scenario: HOLD_SCENARIO, target: url, vus: sockets, holdAfterConnects: sockets };
    generator = forkBench("generators/scenario.ts", [JSON.stringify(run)]);
    await generator.next("starting", 60_000);
    await settled();
    const before = { generator: rssBytes(generator.pid), server: rssBytes(server.pid) };
    const since = performance.now();
    generator.send({ type: "go" });
    // Waits on the generator's own event; the settle above is only for the baseline, never for an outcome.
    const connected = (await generator.next("connected", 240_000)) as unknown as {
      delivered: number;
      failed: number;
      errors: Record<string, number>;
    };
    // A few connects of thousands opened at once on two cores can fail (seen: 51 of 10,000 once, after the other
    // benchmarks had run): the figures are then per socket that did connect, and the failures are reported.
    if (connected.delivered < sockets / 2) {
      throw new Error(
        `${connected.failed} of ${sockets} sockets failed to connect: ${JSON.stringify(connected.errors)}`,
      );
    }
    const seconds = (performance.now() - since) / 1000;
    const after = { generator: rssBytes(generator.pid), server: rssBytes(server.pid) };
    generator.send({ type: "stop" });
    await generator.next("done", 60_000);
    return {
      generatorBytesPerSocket: (after.generator - before.generator) / connected.delivered,
      serverBytesPerSocket: (after.server - before.server) / connected.delivered,
      connectsPerSecond: connected.delivered / seconds,
      failed: connected.failed,
      errors: connected.errors,
    };
  } finally {
    await generator?.stop();
    await server.stop();
  }
}

export async function connections(scale: Scale): Promise<BenchmarkResult> {
  const levels = scale === "full" ? [5_000, 10_000] : [20, 40];
  const rounds = scale === "full" ? 2 : 1;
  const runs = new Map<number, ConnectionFigures[]>(levels.map((l) => [l, []]));
  for (let round = 0; round < rounds; round++) {
    for (const level of roundOrder(levels, round)) runs.get(level)?.push(await measureOnce(level));
  }
  const measured: Measured[] = [];
  const kib = (b: number) => b / 1024;
  for (const level of levels) {
    const figures = runs.get(level) ?? [];
    const row = (metric: string, unit: string, values: number[]): Measured => ({
      contender: `${level} sockets`,
      metric,
      unit,
      rounds: values,
      median: median(values),
    });
    measured.push(
      row(
        "generator memory per socket (RSS)",
        "KiB",
        figures.map((f) => kib(f.generatorBytesPerSocket)),
      ),
      row(
        "server memory per socket (RSS)",
        "KiB",
        figures.map((f) => kib(f.serverBytesPerSocket)),
      ),
      row(
        "connect rate (all opened at once)",
        "conn/s",
        figures.map((f) => f.connectsPerSecond),
      ),
      row(
        "failed connects",
        "sockets",
        figures.map((f) => f.failed),
      ),
    );
  }
  const at = (level: number | undefined, metric: string) =>
    measured.find((m) => m.contender === `${level} sockets` && m.metric.startsWith(metric))?.median ?? Number.NaN;
  const [low, high] = levels;
  return {
    id: "connections",
    title: "4. Connections (Volley generator, reference server command-network)",
    measured,
    ratios: [
      ratio(`server memory per socket, ${high} / ${low}`, at(high, "server memory") / at(low, "server memory")),
      ratio(
        `generator memory per socket, ${high} / ${low}`,
        at(high, "generator memory") / at(low, "generator memory"),
      ),
    ],
    notes: [
      `${rounds} rounds, the socket counts alternating; RSS growth from before the first connect to the last one,`,
      "divided by the sockets that connected; connect rate = those sockets / time from starting the run to the last",
      "connect settled.",
      ...failureNotes(runs),
    ],
  };
}

/** Which connects failed and why, per round, when any did. */
function failureNotes(runs: ReadonlyMap<number, readonly ConnectionFigures[]>): string[] {
  return [...runs].flatMap(([level, figures]) =>
    figures.flatMap((f, round) =>
      f.failed === 0
        ? []
        : [`${level} sockets, round ${round + 1}: ${f.failed} failed connects ${JSON.stringify(f.errors)}`],
    ),
  );
}
