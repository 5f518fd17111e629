import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { labelMeanings, loadMetrics, nodeMetrics, serverMetrics } from "../../metrics/catalogue.js";
import { createLoadMetrics } from "../../metrics/load-metrics.js";
import { METRICS_DOC_PATH, metricsDoc } from "../../metrics/metrics-doc.js";
import { createServerMetrics } from "../../metrics/server-metrics.js";

const all = [...Object.values(serverMetrics), ...Object.values(loadMetrics), ...Object.values(nodeMetrics)];

describe("the metric catalogue", () => {
  it("is what docs/metrics.md says (run `npm run docs:metrics` after changing the catalogue)", () => {
    const committed = readFileSync(join(import.meta.dirname, "..", "..", METRICS_DOC_PATH), "utf8");
    expect(committed).toBe(metricsDoc());
  });

  it("lists every metric with the name, type and help the registries really expose", async () => {
    const exposed = [
      ...(await createServerMetrics().registry.getMetricsAsJSON()),
      ...(await createLoadMetrics().registry.getMetricsAsJSON()),
    ];
    for (const m of all) {
      const found = exposed.find((e) => e.name === m.name);
      expect(found, m.name).toBeDefined();
      expect({ name: m.name, type: found?.type, help: found?.help }).toEqual({
        name: m.name,
        type: m.type,
        help: m.help,
      });
    }
  });

  it("follows the Prometheus naming conventions", () => {
    for (const m of all) {
      expect(m.name, m.name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(m.name.endsWith("_total"), m.name).toBe(m.type === "counter");
      if (m.unit !== "1") expect(m.name, m.name).toMatch(new RegExp(`_${m.unit}(_total)?$`));
    }
  });

  it("says what every label holds", () => {
    for (const label of new Set(all.flatMap((m) => m.labels))) expect(labelMeanings[label], label).toBeTruthy();
  });
});
