import { describe, expect, it } from "vitest";
import { budgetFileSchema } from "../../../../scenarios/budgets/budget-file.js";
import { thresholdsFor, thresholdsFromBudget } from "../../../../scenarios/k6/lib/thresholds.js";

const by = { latency: "lat", delivery: "delivered_share", failure: "failed_share", delivered: "received" };

describe("k6 thresholds from a budgets file", () => {
  it("turns every limit of a schema-valid budget into the equivalent k6 expression", () => {
    const file = budgetFileSchema.parse({
      scenario: "log-flood",
      metrics: {
        "push:data": { p50: 20, p95: 80, p99: 150, max: 900, lossRate: 0.01, errorRate: 0.001, minThroughput: 40 },
      },
    });
    expect(thresholdsFromBudget(file.metrics["push:data"] ?? {}, by)).toEqual({
      lat: ["p(50)<=20", "p(95)<=80", "p(99)<=150", "max<=900"],
      delivered_share: ["rate>=0.99"],
      failed_share: ["rate<=0.001"],
      received: ["rate>=40"],
    });
  });

  it("keeps a script's defaults for metrics the budget does not limit", () => {
    const json = JSON.stringify({ metrics: { connect: { p99: 300 } } });
    expect(thresholdsFor({ lat: ["p(99)<1"], other: ["count==0"] }, json, "connect", by)).toEqual({
      lat: ["p(99)<=300"],
      other: ["count==0"],
    });
  });

  it("refuses a budget metric the script cannot measure, rather than dropping it silently", () => {
    expect(() => thresholdsFromBudget({ lossRate: 0 }, { latency: "lat" })).toThrow(/no k6 metric/);
    expect(() => thresholdsFor({}, JSON.stringify({ metrics: {} }), "push:data", by)).toThrow(/BUDGET_METRIC/);
  });
});
