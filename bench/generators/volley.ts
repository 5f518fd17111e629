// Contender (a): Volley's load engine, in-process as `volley load` runs it (scenarios/engine/runner.ts).

import { summarize } from "../../scenarios/engine/histogram.js";
import { Measurements } from "../../scenarios/engine/measurements.js";
import { runScenario } from "../../scenarios/engine/runner.js";
import { scenarioSchema } from "../../scenarios/engine/scenario.js";
import { tellBench } from "../child.js";
import { echoLoadFromArgs } from "./echo-load.js";

const load = echoLoadFromArgs();
const scenario = scenarioSchema.parse({
  engine: "volley",
  flow: [
    {
      openLoop: {
        rate: load.ratePerVu,
        durationSeconds: load.perVu / load.ratePerVu,
        emitAck: { event: "echo", args: ["{{seq}}"], metric: "echo" },
      },
    },
  ],
});
const measurements = new Measurements();
await runScenario(scenario, { target: load.url, vus: load.vus }, measurements);
const summary = summarize(measurements.metric("echo").total);
tellBench({ type: "done", delivered: summary.count, p50: summary.p50, p99: summary.p99 });
process.exit(0);
