import { expect, it } from "vitest";
import type { BenchmarkResult } from "../../bench/result.js";
import type { Scale } from "../../bench/scale.js";

/**
 * One benchmark at tiny scale (a few sockets, one round): the harness, its child processes and every contender it
 * starts still work. The figures mean nothing at this size; only that each exists and is finite. One test file per
 * benchmark, so that vitest spreads them over its workers.
 */
export function smokeTest(id: string, run: (scale: Scale) => Promise<BenchmarkResult>): void {
  it(`${id} measures every contender at tiny scale and computes its ratios`, { timeout: 180_000 }, async () => {
    const result = await run("tiny");
    expect(result.id).toBe(id);
    expect(result.measured.length).toBeGreaterThan(0);
    for (const m of result.measured) {
      expect(m.rounds.length, `${m.contender} ${m.metric}`).toBeGreaterThan(0);
      expect(Number.isFinite(m.median), `${m.contender} ${m.metric}`).toBe(true);
    }
    expect(result.ratios.length).toBeGreaterThan(0);
  });
}
