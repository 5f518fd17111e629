import { z } from "zod";

/** What the scenario generator runs: a scenario file of scenarios/ through Volley's runner, as `volley load` does. */
export const scenarioRunSchema = z.object({
  /** Path or name in scenarios/ (e.g. "command-network-fanout"). */
  scenario: z.string(),
  vars: z.record(z.string(), z.string()).default({}),
  target: z.string(),
  vus: z.number().int().positive(),
  rate: z.number().positive().optional(),
  durationSeconds: z.number().positive().optional(),
  /** The measured window runs from this metric's `windowAfter`-th delivery to its last (epoch ms in "done"). */
  windowMetric: z.string().optional(),
  windowAfter: z.number().int().positive().default(1),
  /** Report {type: "connected"} once this many connects are delivered, then keep the users until told "stop". */
  holdAfterConnects: z.number().int().positive().optional(),
});

export type ScenarioRun = z.input<typeof scenarioRunSchema>;

/** Per metric, what the generator reports back: counts and latency (ms) from the engine's HDR histogram. */
export interface MetricFigures {
  readonly delivered: number;
  readonly lost: number;
  readonly failed: number;
  readonly p50: number;
  readonly p99: number;
}
