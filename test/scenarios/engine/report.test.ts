import { describe, expect, it } from "vitest";
import { encodeHistogram, newHistogram, recordMicros, summarize } from "../../../scenarios/engine/histogram.js";
import { Measurements } from "../../../scenarios/engine/measurements.js";
import { buildReport, mergeReports } from "../../../scenarios/engine/report.js";

const plan = { vus: 1, rate: null, durationSeconds: null };

describe("load reports", () => {
  it("merge workers' histograms into the same percentiles as one histogram of all values, not an average", () => {
    const fast = new Measurements();
    const slow = new Measurements();
    const all = newHistogram();
    for (let i = 0; i < 990; i++) {
      fast.delivered("ack:echo", 1_000 + i);
      recordMicros(all, 1_000 + i);
    }
    for (let i = 0; i < 10; i++) {
      slow.delivered("ack:echo", 500_000);
      recordMicros(all, 500_000);
    }
    slow.failed("ack:echo", "timedOut", "ack_timeout", 3);
    const merged = mergeReports([
      buildReport(fast, { scenario: "s", target: "t", plan }),
      buildReport(slow, { scenario: "s", target: "t", plan }),
    ]);
    const ack = merged.metrics["ack:echo"];
    expect(ack?.latency).toEqual(summarize(all));
    expect(ack?.histogram).toBe(encodeHistogram(all));
    expect(ack?.outcomes).toEqual({ delivered: 1000, lost: 0, errored: 0, timedOut: 3 });
    expect(ack?.errors).toEqual({ ack_timeout: 3 });
    expect(merged.plan.vus).toBe(2);
  });

  it("keep microsecond resolution: 1.234 ms is reported as 1.234 ms", () => {
    const m = new Measurements();
    m.delivered("ack:x", 1_234);
    expect(buildReport(m, { scenario: "s", target: "t", plan }).metrics["ack:x"]?.latency.p50).toBe(1.234);
  });
});
