/**
 * `npm run soak [-- --seconds 60 --rate 200 --vus 10]`: constant load on the reference server for 10 minutes (by
 * default), reporting the server's and the generator's memory at the start, every minute and at the end. A leak
 * shows as heap that keeps climbing under a load that does not change. Not part of `npm test`.
 *
 * The server runs as its own process (`volley serve --api command-network`), so the two memories are apart; its
 * figures come from its /metrics (prom-client's process and heap gauges), the generator's from process.memoryUsage().
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { connectionLoss } from "../scenarios/engine/connection-loss.js";
import { Measurements } from "../scenarios/engine/measurements.js";
import { buildReport } from "../scenarios/engine/report.js";
import { runScenario } from "../scenarios/engine/runner.js";
import { loadScript } from "../scenarios/engine/script-file.js";

interface Memory {
  readonly rssMiB: number;
  readonly heapUsedMiB: number;
}

interface Sample {
  readonly t: number;
  readonly server: Memory;
  readonly generator: Memory;
}

const MiB = 1024 * 1024;
const round = (bytes: number) => Math.round((bytes / MiB) * 10) / 10;

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "600" },
    rate: { type: "string", default: "200" },
    vus: { type: "string", default: "10" },
    report: { type: "string", default: "reports/soak" },
  },
});
const seconds = Number(values.seconds);
const rate = Number(values.rate);
const vus = Number(values.vus);
if (!(seconds > 0 && rate > 0 && Number.isInteger(vus) && vus > 0)) {
  process.stderr.write("usage: npm run soak -- [--seconds 600] [--rate 200] [--vus 10] [--report reports/soak]\n");
  process.exit(2);
}

function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn("node", ["bin/volley.js", "serve", "--api", "command-network", "--port", "0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error("the server did not start within 60 s")), 60_000);
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const url = out.match(/http:\/\/127\.0\.0\.1:\d+/)?.[0];
      if (url === undefined) return;
      clearTimeout(timer);
      resolve({ child, url });
    });
    child.once("exit", (code) => reject(new Error(`the server exited with ${code}`)));
  });
}

async function serverMemory(url: string): Promise<Memory> {
  const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
  const gauge = (name: string) => Number(text.match(new RegExp(`^${name} (\\S+)$`, "m"))?.[1] ?? Number.NaN);
  return {
    rssMiB: round(gauge("process_resident_memory_bytes")),
    heapUsedMiB: round(gauge("nodejs_heap_size_used_bytes")),
  };
}

function generatorMemory(): Memory {
  const m = process.memoryUsage();
  return { rssMiB: round(m.rss), heapUsedMiB: round(m.heapUsed) };
}

const loaded = loadScript("command-network-request", "scenarios");
if (!loaded.ok) throw new Error(`${loaded.path}: ${loaded.problem}`);
const scenario = loaded.script.scenarios[0];
if (scenario === undefined) throw new Error("command-network-request has no scenario");

const { child, url } = await startServer();
const samples: Sample[] = [];
const started = Date.now();
const sample = async () => {
  const s = {
    t: Math.round((Date.now() - started) / 1000),
    server: await serverMemory(url),
    generator: generatorMemory(),
  };
  samples.push(s);
  process.stderr.write(
    `[${String(s.t).padStart(4)} s] server rss ${s.server.rssMiB} MiB heap ${s.server.heapUsedMiB} MiB | ` +
      `generator rss ${s.generator.rssMiB} MiB heap ${s.generator.heapUsedMiB} MiB\n`,
  );
};

process.stderr.write(`soak: ${vus} users, ${rate} acked commands/s for ${seconds} s against ${url}\n`);
const m = new Measurements();
const run = runScenario(scenario, { target: url, vus, rate, durationSeconds: seconds }, m);
// The first sample once every user is connected and sending; then one a minute (or ten in a short soak).
await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, (seconds * 1000) / 4)));
await sample();
const every = seconds >= 120 ? 60_000 : Math.max(1_000, (seconds * 1000) / 10);
const timer = setInterval(() => void sample(), every);
await run;
clearInterval(timer);
await sample();
child.kill("SIGTERM");

const report = buildReport(m, { scenario: "soak", target: url, plan: { vus, rate, durationSeconds: seconds } });
const first = samples[0];
const last = samples.at(-1);
const command = report.metrics.command;
const summary = {
  kind: "volley-soak-report",
  seconds,
  rate,
  vus,
  start: first,
  end: last,
  samples,
  command: command === undefined ? null : { outcomes: command.outcomes, latency: command.latency },
  connectionLoss: connectionLoss(report) ?? null,
};
mkdirSync(values.report, { recursive: true });
writeFileSync(join(values.report, "soak.json"), `${JSON.stringify(summary, null, 2)}\n`);
process.stderr.write(
  `\nstart: server heap ${first?.server.heapUsedMiB} MiB, generator heap ${first?.generator.heapUsedMiB} MiB\n` +
    `end:   server heap ${last?.server.heapUsedMiB} MiB, generator heap ${last?.generator.heapUsedMiB} MiB\n` +
    `commands: ${JSON.stringify(command?.outcomes)} p99 ${command?.latency.p99} ms\n` +
    `report: ${join(values.report, "soak.json")}\n`,
);
process.exitCode = summary.connectionLoss === null ? 0 : 2;
