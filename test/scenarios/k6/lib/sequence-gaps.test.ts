import { describe, expect, it } from "vitest";
import { SequenceGaps } from "../../../../scenarios/k6/lib/sequence-gaps.js";

describe("SequenceGaps", () => {
  it("counts nothing lost before the first number a late subscriber sees", () => {
    expect(new SequenceGaps().observe(40)).toEqual({ lost: 0, reordered: false });
  });

  it("counts the numbers skipped between two it sees", () => {
    const gaps = new SequenceGaps();
    gaps.observe(1);
    expect(gaps.observe(5)).toEqual({ lost: 3, reordered: false });
  });

  it("reports a number at or below the last one as reordered, not as loss", () => {
    const gaps = new SequenceGaps();
    gaps.observe(3);
    expect(gaps.observe(2)).toEqual({ lost: 0, reordered: true });
    expect(gaps.observe(4)).toEqual({ lost: 0, reordered: false });
  });

  it("resumes after a backlog without counting the backlog itself", () => {
    const gaps = new SequenceGaps();
    gaps.resume(10);
    expect(gaps.observe(12)).toEqual({ lost: 1, reordered: false });
  });
});
