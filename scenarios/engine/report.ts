import { z } from "zod";
import { encodeHistogram, type LatencySummary, mergeEncoded, summarize } from "./histogram.js";
import { type Measurements, OUTCOMES } from "./measurements.js";

const count = z.number().int().nonnegative();
const ms = z.number().nonnegative();

export const latencySummarySchema = z.object({
  count,
  min: ms,
  mean: ms,
  p50: ms,
  p90: ms,
  p95: ms,
  p99: ms,
  p999: ms,
  max: ms,
}) satisfies z.ZodType<LatencySummary>;

export const metricReportSchema = z.object({
  /** The HDR histogram (µs), compressed base64: what merges use. `latency` is derived from it. */
  histogram: z.string(),
  latency: latencySummarySchema,
  outcomes: z.object({ delivered: count, lost: count, errored: count, timedOut: count }),
  /** Failures by code: ack_timeout, sequence_gap, a server error code, a connection refusal message. */
  errors: z.record(z.string(), count),
  reordered: count,
  /** Delivered messages per second over the run. */
  throughput: z.number().nonnegative(),
});
export type MetricReport = z.infer<typeof metricReportSchema>;

export const timelinePointSchema = z.object({
  t: z.number(),
  metric: z.string(),
  delivered: count,
  failed: count,
  p50: ms,
  p99: ms,
  max: ms,
});

/** The JSON report of one load run: the input of `volley gate` and of the HTML report. */
export const loadReportSchema = z.object({
  kind: z.literal("volley-load-report"),
  version: z.literal(1),
  scenario: z.string(),
  target: z.string(),
  startedAt: z.string(),
  durationSeconds: z.number().nonnegative(),
  plan: z.object({ vus: count, rate: z.number().nullable(), durationSeconds: z.number().nullable() }),
  peakVirtualUsers: count,
  metrics: z.record(z.string(), metricReportSchema),
  timeline: z.array(timelinePointSchema),
});
export type LoadReport = z.infer<typeof loadReportSchema>;
export type LoadPlanReport = LoadReport["plan"];

export function buildReport(
  m: Measurements,
  info: { scenario: string; target: string; plan: LoadPlanReport },
): LoadReport {
  const durationSeconds = m.elapsedSeconds();
  const metrics: Record<string, MetricReport> = {};
  for (const [name, state] of m.metrics) {
    metrics[name] = {
      histogram: encodeHistogram(state.total),
      latency: summarize(state.total),
      outcomes: { ...state.outcomes },
      errors: Object.fromEntries(Object.entries(state.errors).filter(([, n]) => n > 0)),
      reordered: state.reordered,
      throughput: durationSeconds > 0 ? state.outcomes.delivered / durationSeconds : 0,
    };
  }
  return {
    kind: "volley-load-report",
    version: 1,
    ...info,
    startedAt: m.startedAtIso,
    durationSeconds,
    peakVirtualUsers: m.peakUsers,
    metrics,
    timeline: [...m.timeline],
  };
}

/**
 * Merges the reports of generators that ran the same scenario at the same time (Artillery workers, several
 * machines): histograms are decoded and added, counts summed, timelines interleaved; percentiles are recomputed
 * from the merged histogram, never averaged.
 */
export function mergeReports(reports: readonly LoadReport[]): LoadReport {
  const [first, ...rest] = reports;
  if (first === undefined) throw new RangeError("mergeReports needs at least one report");
  const durationSeconds = Math.max(...reports.map((r) => r.durationSeconds));
  const names = new Set(reports.flatMap((r) => Object.keys(r.metrics)));
  const metrics: Record<string, MetricReport> = {};
  for (const name of names) {
    const parts = reports.flatMap((r) => (r.metrics[name] === undefined ? [] : [r.metrics[name]]));
    const h = mergeEncoded(parts.map((p) => p.histogram));
    const outcomes = Object.fromEntries(
      OUTCOMES.map((o) => [o, parts.reduce((n, p) => n + p.outcomes[o], 0)]),
    ) as MetricReport["outcomes"];
    const errors: Record<string, number> = {};
    for (const p of parts) for (const [code, n] of Object.entries(p.errors)) errors[code] = (errors[code] ?? 0) + n;
    metrics[name] = {
      histogram: encodeHistogram(h),
      latency: summarize(h),
      outcomes,
      errors,
      reordered: parts.reduce((n, p) => n + p.reordered, 0),
      throughput: durationSeconds > 0 ? outcomes.delivered / durationSeconds : 0,
    };
  }
  return {
    ...first,
    durationSeconds,
    peakVirtualUsers: reports.reduce((n, r) => n + r.peakVirtualUsers, 0),
    plan: { ...first.plan, vus: reports.reduce((n, r) => n + r.plan.vus, 0) },
    metrics,
    timeline: [first, ...rest].flatMap((r) => r.timeline).sort((a, b) => a.t - b.t),
  };
}

/** Every message of one metric, whatever its outcome. */
export function messageCount(m: MetricReport): number {
  return m.outcomes.delivered + m.outcomes.lost + m.outcomes.errored + m.outcomes.timedOut;
}
