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
  /** The first delivered message of this metric tells the bench the measured window has begun. */
  windowMetric: z.string().optional(),
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
