import { describe, expect, it } from "vitest";
import { encodeHistogram, newHistogram, recordMicros, summarize } from "../../../scenarios/engine/histogram.js";
import { Measurements } from "../../../scenarios/engine/measurements.js";
import { buildReport, loadReportSchema, mergeReports } from "../../../scenarios/engine/report.js";

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

  it("record p50, p90, p99, p99.9 and max of each second, from that second's samples alone", () => {
    const m = new Measurements();
    const h = newHistogram();
    for (let i = 1; i <= 1000; i++) {
      m.delivered("ack:x", i * 1_000);
      recordMicros(h, i * 1_000);
    }
    m.tick();
    m.delivered("ack:x", 7_000);
    m.tick();
    const [first, second] = m.timeline;
    const { p50, p90, p99, p999, max } = summarize(h);
    expect(first).toMatchObject({ p50, p90, p99, p999, max });
    expect([p50, p90, p99, p999, max]).toEqual([500.223, 900.095, 990.207, 999.423, 1000.447]);
    expect(second).toMatchObject({ p50: 7.003, p90: 7.003, p99: 7.003, p999: 7.003, max: 7.003 });
  });

  it("count each second's failures by cause, absent in a second without any", () => {
    const m = new Measurements();
    m.failed("ack:x", "timedOut", "ack_timeout", 2);
    m.failed("ack:x", "errored", "E1: busy");
    m.tick();
    m.delivered("ack:x", 1_000);
    m.tick();
    expect(m.timeline.map((p) => [p.failed, p.causes])).toEqual([
      [3, { ack_timeout: 2, "E1: busy": 1 }],
      [0, undefined],
    ]);
  });

  it("take a reordered message back from its second's sequence gaps, never from an earlier second or other causes", () => {
    const m = new Measurements();
    m.failed("push:p", "lost", "sequence_gap");
    m.tick();
    m.failed("push:p", "timedOut", "ack_timeout");
    m.reordered("push:p", 1_000);
    m.failed("push:p", "lost", "sequence_gap");
    m.reordered("push:p", 1_000);
    m.tick();
    expect(m.timeline.map((p) => [p.failed, p.causes])).toEqual([
      [1, { sequence_gap: 1 }],
      [1, { ack_timeout: 1 }],
    ]);
  });

  it("read a report.json written before per-second p90, p99.9 and causes", () => {
    const m = new Measurements();
    m.delivered("ack:x", 1_000);
    m.tick();
    const report = buildReport(m, { scenario: "s", target: "t", plan });
    const old = { ...report, timeline: report.timeline.map(({ p90: _a, p999: _b, causes: _c, ...rest }) => rest) };
    expect(loadReportSchema.parse(JSON.parse(JSON.stringify(old))).timeline[0]).not.toHaveProperty("p90");
  });
});
