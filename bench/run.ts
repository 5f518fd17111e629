// `npm run bench [-- <id> ...] [-- --tiny]`: runs the benchmarks (all, or those named) one after another, prints a
// table per benchmark to stderr as each finishes and writes every figure to bench/results.json.
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { BENCHMARKS } from "./benchmarks.js";
import type { BenchmarkResult } from "./result.js";
import { renderResult } from "./table.js";

const args = process.argv.slice(2);
const scale = args.includes("--tiny") ? "tiny" : "full";
const selected = args.filter((a) => !a.startsWith("--"));
const unknown = selected.filter((id) => !BENCHMARKS.some((b) => b.id === id));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark ${unknown.join(", ")}; known: ${BENCHMARKS.map((b) => b.id).join(", ")}\n`);
  process.exit(2);
}

const machine = {
  nproc: cpus().length,
  cpuModel: /^model name\s*:\s*(.*)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? "unknown",
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
};
process.stderr.write(
  `volley bench (${scale}): ${machine.nproc} x ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, load ${machine.loadAverageAtStart.join(" ")}\n\n`,
);

const started = Date.now();
const results: BenchmarkResult[] = [];
const failures: { id: string; error: string }[] = [];
for (const bench of BENCHMARKS.filter((b) => selected.length === 0 || selected.includes(b.id))) {
  try {
    const result = await bench.run(scale);
    results.push(result);
    process.stderr.write(`${renderResult(result)}\n\n`);
  } catch (err) {
    // One benchmark failing must not throw away the figures of the others: it is reported and the run goes on.
    failures.push({ id: bench.id, error: String((err as Error).stack ?? err) });
    process.stderr.write(`${bench.id} FAILED: ${(err as Error).message}\n\n`);
  }
}
const seconds = Math.round((Date.now() - started) / 1000);
process.stderr.write(`${results.length} benchmarks in ${seconds} s, load average now ${loadavg()[0]?.toFixed(2)}\n`);

const out = fileURLToPath(new URL("results.json", import.meta.url));
const record = {
  command: `npm run bench${args.length > 0 ? ` -- ${args.join(" ")}` : ""}`,
  date: new Date().toISOString(),
  scale,
  durationSeconds: seconds,
  machine: { ...machine, loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100) },
  results,
  failures,
};
writeFileSync(out, `${JSON.stringify(record, null, 2)}\n`);
process.stderr.write(`results: ${out}\n`);
if (failures.length > 0) process.exitCode = 1;
