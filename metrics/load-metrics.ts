import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { loadMetrics } from "./catalogue.js";

export type LoadMetrics = ReturnType<typeof createLoadMetrics>;

type Labels<K extends keyof typeof loadMetrics> = (typeof loadMetrics)[K]["labels"][number];

/** A load run's metrics on a registry of their own (the generator process may also serve a reference server). */
export function createLoadMetrics() {
  const registry = new Registry();
  const def = loadMetrics;
  const common = <K extends keyof typeof loadMetrics>(key: K) => ({
    name: def[key].name,
    help: def[key].help,
    labelNames: def[key].labels as readonly Labels<K>[],
    registers: [registry],
  });
  return {
    registry,
    latencySeconds: new Histogram({ ...common("latencySeconds"), buckets: [...def.latencySeconds.buckets] }),
    messagesTotal: new Counter(common("messagesTotal")),
    errorsTotal: new Counter(common("errorsTotal")),
    virtualUsers: new Gauge(common("virtualUsers")),
    targetRate: new Gauge(common("targetRate")),
    budgetSeconds: new Gauge(common("budgetSeconds")),
  };
}
