// A generator process running one scenarios/ file through Volley's runner (the engine `volley load` uses), for the
// benchmarks that load the reference server. It tells the bench when its measured window starts, when all users are
// connected (for memory), and what it measured.
import { summarize } from "../../scenarios/engine/histogram.js";
import { Measurements } from "../../scenarios/engine/measurements.js";
import { runScenario } from "../../scenarios/engine/runner.js";
import { loadScript } from "../../scenarios/engine/script-file.js";
import { fromBench, tellBench } from "../child.js";
import { type MetricFigures, scenarioRunSchema } from "./scenario-run.js";

const run = scenarioRunSchema.parse(JSON.parse(process.argv[2] ?? "{}"));
const load = loadScript(run.scenario, new URL("../../scenarios", import.meta.url).pathname, run.vars);
if (!load.ok) throw new Error(`${load.path}: ${load.problem}`);
const scenario = load.script.scenarios[0];
if (scenario === undefined) throw new Error(`${load.path}: no scenario`);

const measurements = new Measurements();
const stop = new AbortController();
const window = { counted: 0, startMs: Number.NaN, endMs: Number.NaN };
let connects = 0;
// A refused or timed-out connect settles a user too: the count must reach holdAfterConnects whatever the outcome.
const connectSettled = () => {
  if (++connects !== run.holdAfterConnects) return;
  const connect = measurements.metric("connect");
  const c = connect.outcomes;
  tellBench({
    type: "connected",
    delivered: c.delivered,
    failed: c.errored + c.timedOut + c.lost,
    errors: connect.errors,
  });
  void fromBench("stop").then(() => stop.abort());
};
measurements.on("failed", (metric) => {
  if (metric === "connect") connectSettled();
});
measurements.on("delivered", (metric) => {
  if (metric === run.windowMetric) {
    window.counted += 1;
    if (window.counted === run.windowAfter) window.startMs = Date.now();
    window.endMs = Date.now();
  }
  if (metric === "connect") connectSettled();
});

const started = performance.now();
tellBench({ type: "starting" });
// When memory is measured, the bench takes its baseline before the first connect and then says "go".
if (run.holdAfterConnects !== undefined) await fromBench("go");
await runScenario(
  scenario,
  { target: run.target, vus: run.vus, rate: run.rate, durationSeconds: run.durationSeconds, signal: stop.signal },
  measurements,
);
const metrics: Record<string, MetricFigures> = {};
for (const [name, state] of measurements.metrics) {
  const s = summarize(state.total);
  const o = state.outcomes;
  metrics[name] = { delivered: o.delivered, lost: o.lost, failed: o.errored + o.timedOut, p50: s.p50, p99: s.p99 };
}
tellBench({ type: "done", metrics, window, elapsedSeconds: (performance.now() - started) / 1000 });
process.exit(0);
