import * as hdr from "hdr-histogram-js";

/**
 * Latency histograms in microseconds, 1 µs to 60 s at 3 significant digits (autocannon `lib/histUtil.js` keeps the
 * same shape). 60 s bounds the longest ack timeout a scenario may set; a larger value is clamped, never dropped,
 * so the count stays exact.
 */
export const HIGHEST_MICROS = 60_000_000;

export type Histogram = hdr.Histogram;

export function newHistogram(): Histogram {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_MICROS,
    numberOfSignificantValueDigits: 3,
  });
}

export function recordMicros(h: Histogram, micros: number): void {
  h.recordValue(Math.min(HIGHEST_MICROS, Math.max(1, Math.round(micros))));
}

/** The compact form workers exchange: histograms are merged from this, never by averaging percentiles. */
export function encodeHistogram(h: Histogram): string {
  return hdr.encodeIntoCompressedBase64(h);
}

export function decodeHistogram(encoded: string): Histogram {
  const decoded = hdr.decodeFromCompressedBase64(encoded);
  const h = newHistogram();
  h.add(decoded);
  return h;
}

/** Merges encoded histograms into one (the sum of their recorded values). */
export function mergeEncoded(encoded: readonly string[]): Histogram {
  const h = newHistogram();
  for (const e of encoded) h.add(hdr.decodeFromCompressedBase64(e));
  return h;
}

export interface LatencySummary {
  readonly count: number;
  readonly min: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

/** Microseconds to milliseconds with microsecond precision (three decimals). */
const ms = (us: number) => Math.round(us) / 1000;

/**
 * Only what a one-second timeline point keeps. `summarize` also reads the mean, whose hdr-histogram-js getter walks
 * an iterator object per recorded value (20 ms on a cold histogram, about 5 ms warm): paid per metric every second,
 * it was a visible part of a short run's CPU.
 */
export function pointSummary(h: Histogram): Pick<LatencySummary, "p50" | "p90" | "p99" | "p999" | "max"> {
  if (h.totalCount === 0) return { p50: 0, p90: 0, p99: 0, p999: 0, max: 0 };
  return {
    p50: ms(h.getValueAtPercentile(50)),
    p90: ms(h.getValueAtPercentile(90)),
    p99: ms(h.getValueAtPercentile(99)),
    p999: ms(h.getValueAtPercentile(99.9)),
    max: ms(h.getValueAtPercentile(100)),
  };
}

/** Percentiles in milliseconds with microsecond precision (three decimals); all zero for an empty histogram. */
export function summarize(h: Histogram): LatencySummary {
  if (h.totalCount === 0) return { count: 0, min: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 };
  return {
    count: h.totalCount,
    min: ms(h.minNonZeroValue),
    mean: ms(h.mean),
    p50: ms(h.getValueAtPercentile(50)),
    p90: ms(h.getValueAtPercentile(90)),
    p95: ms(h.getValueAtPercentile(95)),
    p99: ms(h.getValueAtPercentile(99)),
    p999: ms(h.getValueAtPercentile(99.9)),
    // The top of max's bucket (within 0.1%), the same before and after a merge; `maxValue` is not.
    max: ms(h.getValueAtPercentile(100)),
  };
}
