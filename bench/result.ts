/** One contender's figure in one benchmark: every round's value and their median. */
export interface Measured {
  readonly contender: string;
  readonly metric: string;
  readonly unit: string;
  readonly rounds: readonly number[];
  readonly median: number;
}

/** A ratio of medians, with the target when it has one (`met` is undefined without a target). */
export interface Ratio {
  readonly name: string;
  readonly value: number;
  readonly target?: { readonly atLeast?: number; readonly atMost?: number };
  readonly met?: boolean;
}

export interface BenchmarkResult {
  readonly id: string;
  readonly title: string;
  readonly measured: readonly Measured[];
  readonly ratios: readonly Ratio[];
  /** What the figures mean and how they were taken, in a sentence or two. */
  readonly notes: readonly string[];
}

export function ratio(name: string, value: number, target?: Ratio["target"]): Ratio {
  if (target === undefined) return { name, value };
  const met =
    (target.atLeast === undefined || value >= target.atLeast) &&
    (target.atMost === undefined || value <= target.atMost);
  return { name, value, target, met };
}
