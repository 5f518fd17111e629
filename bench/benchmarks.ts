import { accuracy } from "./accuracy.js";
import { connections } from "./connections.js";
import { fanOut } from "./fan-out.js";
import { generatorCost } from "./generator-cost.js";
import type { BenchmarkResult } from "./result.js";
import type { Scale } from "./scale.js";
import { serverOverhead } from "./server-overhead.js";

/** Every benchmark, in the order `npm run bench` runs them; the id selects one (`npm run bench -- <id>`). */
export const BENCHMARKS: readonly { readonly id: string; readonly run: (scale: Scale) => Promise<BenchmarkResult> }[] =
  [
    { id: "generator-cost", run: generatorCost },
    { id: "server-overhead", run: serverOverhead },
    { id: "fan-out", run: fanOut },
    { id: "connections", run: connections },
    { id: "accuracy", run: accuracy },
  ];
