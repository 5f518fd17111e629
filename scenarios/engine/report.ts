import { z } from "zod";
import { encodeHistogram, type LatencySummary, mergeEncoded, summarize } from "./histogram.js";
import { type Measurements, OUTCOMES, type Skipped } from "./measurements.js";

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
  /** What the metric counts (`MetricKind`); absent in reports written before it was recorded. */
  kind: z.enum(["message", "reply", "sent", "replay", "connection", "derived", "other"]).optional(),
  /** The HDR histogram (µs), compressed base64: what merges use. `latency` is derived from it. */
  histogram: z.string(),
  latency: latencySummarySchema,
  outcomes: z.object({ delivered: count, lost: count, errored: count, timedOut: count }),
  /**
   * Failures by cause: ack_timeout, sequence_gap, a server's `code: message`, a connection refusal; at most
   * `MAX_CAUSES` distinct causes per metric, later new ones counted as `other`.
   */
  errors: z.record(z.string(), count),
  reordered: count,
  /**
   * Delivered pushes without the send time (`latency`) or the sequence number (`sequence`) the scenario reads:
   * their latency, loss and order were not measured (`Unmeasured`). Absent when every push could be read.
   */
  unmeasured: z.object({ latency: count, sequence: count }).optional(),
  /**
   * Delivered messages per second while the metric was delivered: from its first delivery to its last, `n - 1`
   * intervals over that span (`Window.rate`); one message alone has no span and reads over the whole run.
   */
  throughput: z.number().nonnegative(),
});
export type MetricReport = z.infer<typeof metricReportSchema>;

export const timelinePointSchema = z.object({
  t: z.number(),
  metric: z.string(),
  delivered: count,
  failed: count,
  /** The second's failures by cause (`TimelinePoint.causes`); absent with none, and in reports written before. */
  causes: z.record(z.string(), count).optional(),
  p50: ms,
  /** p90 and p99.9 of the second; absent in reports written before they were recorded. */
  p90: ms.optional(),
  p99: ms,
  p999: ms.optional(),
  max: ms,
});

const rate = z.number().nonnegative();

/** The run's rates, each defined once (docs/load.md, "Rates"). */
export const runRatesSchema = z.object({
  /** Planned msg/s of every sending user in its first open loop at once; null when no user sends on a schedule. */
  target: rate.nullable(),
  /** Messages users sent per second, between the first send and the last. */
  sent: rate,
  /** Replies to the open loops' messages and pushes users received, per second between the first and the last. */
  delivered: rate,
});
export type RunRates = z.infer<typeof runRatesSchema>;

export const intervalTotalsSchema = z.object({
  t: z.number(),
  seconds: z.number().nonnegative(),
  sent: count,
  delivered: count,
  targetRate: rate,
  arrived: count,
  active: count,
});

/** The JSON report of one load run: the input of `volley gate` and of the HTML report. */
export const loadReportSchema = z.object({
  /**
   * First, so that the file's first lines say it: `ok`, or what made the run fail or end early (one line). Absent
   * in Artillery workers' reports, whose run Artillery judges.
   */
  status: z.string().optional(),
  /** True when the run was stopped early (Ctrl-C): the figures cover only the part that ran. */
  partial: z.boolean().optional(),
  kind: z.literal("volley-load-report"),
  version: z.literal(1),
  scenario: z.string(),
  target: z.string(),
  startedAt: z.string(),
  durationSeconds: z.number().nonnegative(),
  plan: z.object({ vus: count, rate: z.number().nullable(), durationSeconds: z.number().nullable() }),
  peakVirtualUsers: count,
  /** Users started, and arrivals skipped because their phase's `maxVusers` users were running. */
  users: z.object({ started: count, skippedArrivals: count }).optional(),
  rates: runRatesSchema.optional(),
  /** Per metric of a failed step: users whose flow ended there, and the steps not run because of it. */
  skipped: z.record(z.string(), z.object({ users: count, steps: count })).optional(),
  metrics: z.record(z.string(), metricReportSchema),
  timeline: z.array(timelinePointSchema),
  /** Per second: messages sent and delivered, the target send rate, users arrived and running. */
  totals: z.array(intervalTotalsSchema).optional(),
});
export type LoadReport = z.infer<typeof loadReportSchema>;
export type LoadPlanReport = LoadReport["plan"];

export function buildReport(
  m: Measurements,
  info: { scenario: string; target: string; plan: LoadPlanReport; targetRate?: number | null },
): LoadReport {
  const { targetRate, ...about } = info;
  const durationSeconds = m.elapsedSeconds();
  const metrics: Record<string, MetricReport> = {};
  for (const [name, state] of m.metrics) {
    metrics[name] = {
      kind: state.kind,
      histogram: encodeHistogram(state.total),
      latency: summarize(state.total),
      outcomes: { ...state.outcomes },
      errors: Object.fromEntries(Object.entries(state.errors).filter(([, n]) => n > 0)),
      reordered: state.reordered,
      ...(state.unmeasured.latency + state.unmeasured.sequence > 0 ? { unmeasured: { ...state.unmeasured } } : {}),
      throughput:
        state.outcomes.delivered > 1
          ? state.window.rate(state.outcomes.delivered)
          : durationSeconds > 0
            ? state.outcomes.delivered / durationSeconds
            : 0,
    };
  }
  return {
    kind: "volley-load-report",
    version: 1,
    ...about,
    startedAt: m.startedAtIso,
    durationSeconds,
    peakVirtualUsers: m.peakUsers,
    users: { started: m.startedUsers, skippedArrivals: m.skippedArrivals },
    rates: {
      target: targetRate ?? null,
      sent: m.sendWindow.rate(m.sentMessages),
      delivered: m.deliveryWindow.rate(m.deliveredMessages),
    },
    skipped: Object.fromEntries([...m.skipped].map(([metric, s]) => [metric, { ...s }])),
    metrics,
    timeline: [...m.timeline],
    totals: [...m.totals],
  };
}

/** The report with its verdict first (key order is the file's order, so it is on the JSON's first lines). */
export function withStatus(report: LoadReport, status: string, partial: boolean): LoadReport {
  const { status: _old, partial: _was, ...rest } = report;
  return { status, partial, ...rest };
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
      ...(parts[0]?.kind === undefined ? {} : { kind: parts[0].kind }),
      histogram: encodeHistogram(h),
      latency: summarize(h),
      outcomes,
      errors,
      reordered: parts.reduce((n, p) => n + p.reordered, 0),
      ...unmeasuredOf(parts),
      // Generators running at the same time: their rates add up.
      throughput: parts.reduce((n, p) => n + p.throughput, 0),
    };
  }
  const skipped: Record<string, Skipped> = {};
  for (const r of reports) {
    for (const [metric, s] of Object.entries(r.skipped ?? {})) {
      const sum = skipped[metric] ?? { users: 0, steps: 0 };
      skipped[metric] = { users: sum.users + s.users, steps: sum.steps + s.steps };
    }
  }
  const sum = (f: (r: LoadReport) => number | null | undefined) => reports.reduce((n, r) => n + (f(r) ?? 0), 0);
  return {
    ...first,
    durationSeconds,
    peakVirtualUsers: reports.reduce((n, r) => n + r.peakVirtualUsers, 0),
    // Generators running at the same time: their users and rates add up.
    users: { started: sum((r) => r.users?.started), skippedArrivals: sum((r) => r.users?.skippedArrivals) },
    rates: {
      target: reports.every((r) => r.rates?.target == null) ? null : sum((r) => r.rates?.target),
      sent: sum((r) => r.rates?.sent),
      delivered: sum((r) => r.rates?.delivered),
    },
    skipped,
    totals: reports.flatMap((r) => r.totals ?? []).sort((a, b) => a.t - b.t),
    plan: { ...first.plan, vus: reports.reduce((n, r) => n + r.plan.vus, 0) },
    metrics,
    timeline: [first, ...rest].flatMap((r) => r.timeline).sort((a, b) => a.t - b.t),
  };
}

/** Every message of one metric, whatever its outcome. */
export function messageCount(m: Pick<MetricReport, "outcomes">): number {
  return m.outcomes.delivered + m.outcomes.lost + m.outcomes.errored + m.outcomes.timedOut;
}

/** The parts' unmeasured pushes added up; nothing when none was. */
function unmeasuredOf(parts: readonly MetricReport[]): Pick<MetricReport, "unmeasured"> {
  const latency = parts.reduce((n, p) => n + (p.unmeasured?.latency ?? 0), 0);
  const sequence = parts.reduce((n, p) => n + (p.unmeasured?.sequence ?? 0), 0);
  return latency + sequence > 0 ? { unmeasured: { latency, sequence } } : {};
}
