import { decodeHistogram } from "../engine/histogram.js";
import { MAX_CAUSES, OTHER_CAUSE } from "../engine/measurements.js";
import type { LoadReport, MetricReport } from "../engine/report.js";

/**
 * At most this many points per series: a 1-hour run (3,600 one-second samples per metric) is drawn from 6-second
 * buckets, so the page stays a few hundred kB and opens fast whatever the run's length.
 */
export const MAX_POINTS = 600;

/** One chart as the page's script draws it with uPlot: an x column and named y columns of equal length. */
export interface ChartSpec {
  readonly id: string;
  readonly kind: "time" | "hdr";
  readonly yLabel: string;
  /** Logarithmic y: latencies that span more than two decades. */
  readonly log: boolean;
  readonly x: readonly number[];
  readonly series: readonly {
    label: string;
    values: readonly (number | null)[];
    dash?: boolean;
    right?: boolean;
    budget?: boolean;
  }[];
  /** The right-hand axis, for series marked `right` (users beside message rates). */
  readonly rightLabel?: string;
}

type Row = readonly [t: number, ...values: number[]];

/**
 * Rows of one sample a second grouped into at most MAX_POINTS buckets. Latency columns keep the bucket's worst
 * second (percentiles are never averaged); count columns become the bucket's mean per second.
 */
export function downsample(rows: readonly Row[], combine: readonly ("worst" | "rate")[]): Row[] {
  const size = Math.max(1, Math.ceil(rows.length / MAX_POINTS));
  if (size === 1) return [...rows];
  const out: Row[] = [];
  for (let i = 0; i < rows.length; i += size) {
    const bucket = rows.slice(i, i + size);
    const columns = combine.map((how, c) => {
      const vs = bucket.map((r) => r[c + 1] ?? 0);
      return how === "worst" ? Math.max(...vs) : vs.reduce((a, b) => a + b, 0) / vs.length;
    });
    out.push([bucket[0]?.[0] ?? 0, ...columns]);
  }
  return out;
}

/** Whether values span more than two decades (a log scale keeps the fast and the slow readable). */
const spansDecades = (vs: readonly number[]) => {
  const positive = vs.filter((v) => v > 0);
  return positive.length > 1 && Math.max(...positive) / Math.min(...positive) > 100;
};

/** The timeline's latency columns, in the order drawn. p90 and p99.9 are absent from reports written before them. */
const LATENCY_COLUMNS = [
  ["p50", (p) => p.p50],
  ["p90", (p) => p.p90],
  ["p99", (p) => p.p99],
  ["p99.9", (p) => p.p999],
  ["max", (p) => p.max],
] as const satisfies readonly (readonly [string, (p: LoadReport["timeline"][number]) => number | undefined])[];

/**
 * Latency over time: p50, p90, p99, p99.9 and max of each second, with budget lines if any. A column no point
 * recorded (p90 or p99.9 in an older report) is left out; a second missing one (a merge of old and new) is a gap.
 */
export function latencyChart(
  id: string,
  points: LoadReport["timeline"],
  limits: readonly { label: string; value: number }[],
): ChartSpec {
  const delivered = points.filter((p) => p.delivered > 0);
  const columns = LATENCY_COLUMNS.filter(([, get]) => delivered.some((p) => get(p) !== undefined));
  const rows = downsample(
    delivered.map((p) => [p.t, ...columns.map(([, get]) => get(p) ?? Number.NaN)] as const),
    columns.map(() => "worst"),
  );
  const col = (i: number) => rows.map((r) => r[i] ?? Number.NaN);
  const log = spansDecades([...rows.flatMap((r) => r.slice(1)), ...limits.map((l) => l.value)]);
  // A log scale cannot draw 0: such a second shows as a gap, not as a drop to the axis; so does a missing value.
  const shown = (vs: number[]) => vs.map((v) => (Number.isNaN(v) || (log && v <= 0) ? null : v));
  return {
    id,
    kind: "time",
    yLabel: "ms",
    log,
    x: col(0),
    series: [
      ...columns.map(([label], c) => ({ label, values: shown(col(c + 1)) })),
      ...limits.map((l) => ({ label: l.label, values: rows.map(() => l.value), dash: true, budget: true })),
    ],
  };
}

/**
 * Failures per second by cause, one series per cause, the most frequent first. A merge of workers can hold more
 * than one run's `MAX_CAUSES` names: the rarer ones are drawn together as `other`, the engine's own bound.
 */
export function errorsChart(id: string, points: LoadReport["timeline"]): ChartSpec {
  const totals = new Map<string, number>();
  for (const p of points)
    for (const [cause, n] of Object.entries(p.causes ?? {})) totals.set(cause, (totals.get(cause) ?? 0) + n);
  const ranked = [...totals].sort((x, y) => y[1] - x[1]).map(([cause]) => cause);
  const named = ranked.filter((c) => c !== OTHER_CAUSE).slice(0, MAX_CAUSES);
  const labels = ranked.length > named.length ? [...named, OTHER_CAUSE] : named;
  const column = (p: LoadReport["timeline"][number], label: string) =>
    label === OTHER_CAUSE
      ? Object.entries(p.causes ?? {}).reduce((n, [c, k]) => n + (named.includes(c) ? 0 : k), 0)
      : (p.causes?.[label] ?? 0);
  const rows = downsample(
    points.map((p) => [p.t, ...labels.map((label) => column(p, label))] as const),
    labels.map(() => "rate"),
  );
  return {
    id,
    kind: "time",
    yLabel: "failed per second",
    log: false,
    x: rows.map((r) => r[0]),
    series: labels.map((label, c) => ({ label, values: rows.map((r) => r[c + 1] ?? 0) })),
  };
}

/** Delivered and failed (lost, errored, timed out) per second. */
export function countChart(id: string, points: LoadReport["timeline"]): ChartSpec {
  const rows = downsample(
    points.map((p) => [p.t, p.delivered, p.failed] as const),
    ["rate", "rate"],
  );
  return {
    id,
    kind: "time",
    yLabel: "per second",
    log: false,
    x: rows.map((r) => r[0]),
    series: [
      { label: "delivered/s", values: rows.map((r) => r[1] ?? 0) },
      { label: "failed/s", values: rows.map((r) => r[2] ?? 0) },
    ],
  };
}

/** The run's send and delivery rates and the users running, per second (`totals`). */
export function totalsChart(id: string, totals: NonNullable<LoadReport["totals"]>): ChartSpec {
  const rows = downsample(
    totals.map(
      (p) => [p.t, p.targetRate, p.sent / (p.seconds || 1), p.delivered / (p.seconds || 1), p.active] as const,
    ),
    ["rate", "rate", "rate", "worst"],
  );
  const col = (i: number) => rows.map((r) => r[i] ?? 0);
  return {
    id,
    kind: "time",
    yLabel: "msg/s",
    rightLabel: "users",
    log: false,
    x: col(0),
    series: [
      { label: "target msg/s", values: col(1), dash: true },
      { label: "sent msg/s", values: col(2) },
      { label: "delivered msg/s", values: col(3) },
      { label: "users running", values: col(4), right: true },
    ],
  };
}

/**
 * The HDR percentile distribution: latency at each percentile, x as 1/(1 - p) on a log scale (50%, 90%, 99%,
 * 99.9% ... evenly spaced), from the run's whole histogram, up to the maximum.
 */
export function hdrChart(id: string, m: MetricReport): ChartSpec {
  const h = decodeHistogram(m.histogram);
  const x: number[] = [];
  const values: number[] = [];
  const max = h.getValueAtPercentile(100);
  // Ten points a decade of 1/(1 - p), to 99.9999%; stop once the maximum is reached.
  for (let i = 0; i <= 60; i++) {
    const inverse = 10 ** (i / 10);
    const us = h.getValueAtPercentile(100 - 100 / inverse);
    x.push(inverse);
    values.push(us / 1000);
    if (us >= max) break;
  }
  return { id, kind: "hdr", yLabel: "ms", log: spansDecades(values), x, series: [{ label: "latency", values }] };
}
