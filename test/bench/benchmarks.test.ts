import { describe, expect, it } from "vitest";
import { BENCHMARKS } from "../../bench/benchmarks.js";

describe("bench/benchmarks.ts", () => {
  it("lists the five benchmarks of issue 6 once each, in the order npm run bench runs them", () => {
    expect(BENCHMARKS.map((b) => b.id)).toEqual([
      "generator-cost",
      "server-overhead",
      "fan-out",
      "connections",
      "accuracy",
    ]);
  });
});
