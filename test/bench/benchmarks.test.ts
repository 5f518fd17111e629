import { describe, expect, it } from "vitest";
import { BENCHMARKS } from "../../bench/benchmarks.js";

// Each benchmark at tiny scale (a few sockets, one round): the harness, its child processes and every contender it
// starts still work. The figures themselves mean nothing at this size; only that they exist and are finite.
describe("npm run bench at tiny scale", () => {
  for (const bench of BENCHMARKS) {
    it(`${bench.id} measures every contender and computes its ratios`, { timeout: 180_000 }, async () => {
      const result = await bench.run("tiny");
      expect(result.id).toBe(bench.id);
      expect(result.measured.length).toBeGreaterThan(0);
      for (const m of result.measured) {
        expect(m.rounds.length, `${m.contender} ${m.metric}`).toBeGreaterThan(0);
        expect(Number.isFinite(m.median), `${m.contender} ${m.metric}`).toBe(true);
      }
      expect(result.ratios.length).toBeGreaterThan(0);
    });
  }
});
