// Benchmark 3: fan-out and floods on the reference server. Deliveries per second and p99 delivery latency for a
// chat conversation of 1,000 receiving sockets and an Antimony log flood to 500 subscribers, the two workloads
// alternating round by round, each against a fresh server process and measured by Volley's runner.
import { fileURLToPath } from "node:url";
import { antimonyFixturesSchema } from "../reference-server/antimony/fixtures.js";
import { mintToken } from "../reference-server/antimony/token.js";
import { circlesChatFixtures } from "../reference-server/circles-chat/fixtures.js";
import { signToken } from "../reference-server/circles-chat/token.js";
import { forkBench } from "./child.js";
import type { MetricFigures, ScenarioRun } from "./generators/scenario-run.js";
import { type BenchmarkResult, type Measured, ratio } from "./result.js";
import { roundOrder, type Scale } from "./scale.js";
import { median } from "./stats.js";

/** The demo lab's owner, lab and first node: what scenarios/antimony-log-flood.yml needs (config.volley.needs). */
function antimonyVars(): Record<string, string> {
  const demo = antimonyFixturesSchema.parse({});
  const lab = demo.labs[0];
  if (lab === undefined) throw new Error("the antimony demo fixtures have no lab");
  return { token: mintToken(demo.jwtSecret, lab.owner), lab: lab.id, node: lab.nodes[0] ?? "" };
}

const CHAT_SCENARIO = fileURLToPath(new URL("scenarios/circles-chat-fanout.yml", import.meta.url));

interface Flood {
  readonly name: string;
  readonly api: "circles-chat" | "antimony";
  readonly serverOptions: object;
  readonly run: Omit<ScenarioRun, "target">;
  /** The receivers' metric: delivered count and latency from the sender's or server's clock. */
  readonly metric: string;
  readonly sendSeconds: number;
  /** Deliveries per second the workload offers: sender rate x receivers. */
  readonly offeredPerSecond: number;
}

function floods(scale: Scale): readonly Flood[] {
  const full = scale === "full";
  const seconds = full ? 3 : 1;
  const members = full ? 1_000 : 4;
  const subscribers = full ? 500 : 4;
  // Sender rate per second: 10 chat messages x 1,000 members and 20 log lines x 500 subscribers, both 10,000
  // deliveries/s: what one loaded core of this machine's generator keeps up with while the server uses the other.
  const chatRate = full ? 10 : 5;
  const logRate = full ? 20 : 5;
  // Every receiver is Alice (a member of conversation 1), each on its own socket: the server delivers per socket,
  // and the scenario takes one token for all users (scenarios/circles-chat-fanout.yml).
  const token = signToken(circlesChatFixtures.parse({}).secret, { user_id: 1 }, 3_600);
  return [
    {
      name: `chat conversation, ${members} members`,
      api: "circles-chat",
      serverOptions: {},
      run: {
        scenario: CHAT_SCENARIO,
        vars: { token },
        vus: members + 1,
        rate: chatRate,
        durationSeconds: seconds,
      },
      metric: "received",
      sendSeconds: seconds,
      offeredPerSecond: chatRate * members,
    },
    {
      name: `Antimony log flood, ${subscribers} subscribers`,
      api: "antimony",
      serverOptions: { simulation: { logLinesPerSecond: logRate, deployMs: 50 } },
      run: { scenario: "antimony-log-flood", vars: antimonyVars(), vus: subscribers, durationSeconds: seconds },
      metric: "line",
      sendSeconds: seconds,
      offeredPerSecond: logRate * subscribers,
    },
  ];
}

async function measureOnce(flood: Flood): Promise<MetricFigures> {
  const server = forkBench("servers/reference-server.ts", [
    JSON.stringify({ api: flood.api, options: flood.serverOptions }),
  ]);
  const generator = { child: undefined as ReturnType<typeof forkBench> | undefined };
  try {
    const { url } = (await server.next("ready", 60_000)) as unknown as { url: string };
    generator.child = forkBench("generators/scenario.ts", [JSON.stringify({ ...flood.run, target: url })]);
    const done = (await generator.child.next("done", 180_000)) as unknown as {
      metrics: Record<string, MetricFigures>;
    };
    const figures = done.metrics[flood.metric];
    if (figures === undefined || figures.delivered === 0) {
      throw new Error(`${flood.name}: nothing delivered:\n${generator.child.output}`);
    }
    return figures;
  } finally {
    await generator.child?.stop();
    await server.stop();
  }
}

export async function fanOut(scale: Scale): Promise<BenchmarkResult> {
  const rounds = scale === "full" ? 3 : 1;
  const all = floods(scale);
  const runs = new Map<string, MetricFigures[]>(all.map((f) => [f.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const flood of roundOrder(all, round)) runs.get(flood.name)?.push(await measureOnce(flood));
  }
  const measured: Measured[] = [];
  const ratios = [];
  for (const flood of all) {
    const figures = runs.get(flood.name) ?? [];
    const perSecond = figures.map((f) => f.delivered / flood.sendSeconds);
    const p99 = figures.map((f) => f.p99);
    const lost = figures.map((f) => f.lost + f.failed);
    measured.push(
      {
        contender: flood.name,
        metric: "deliveries per second",
        unit: "msg/s",
        rounds: perSecond,
        median: median(perSecond),
      },
      { contender: flood.name, metric: "p99 delivery latency", unit: "ms", rounds: p99, median: median(p99) },
      { contender: flood.name, metric: "lost or failed deliveries", unit: "msg", rounds: lost, median: median(lost) },
    );
    ratios.push(ratio(`${flood.name}: delivered / offered`, median(perSecond) / flood.offeredPerSecond));
  }
  return {
    id: "fan-out",
    title: "3. Fan-out and floods on the reference server",
    measured,
    ratios,
    notes: [
      `${rounds} rounds, the two workloads alternating, each on a fresh server; ${all[0]?.sendSeconds} s of sending;`,
      "latency: chat from the sender's clock in the message, log lines from the server's ts (ms resolution).",
    ],
  };
}
