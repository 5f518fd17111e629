import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { loadMetrics } from "./catalogue.js";
import { registeredOn } from "./registered-on.js";

export type LoadMetrics = ReturnType<typeof createLoadMetrics>;

/** A load run's metrics on a registry of their own (the generator process may also serve a reference server). */
export function createLoadMetrics() {
  const registry = new Registry();
  const def = loadMetrics;
  const common = registeredOn(registry);
  return {
    registry,
    latencySeconds: new Histogram({ ...common(def.latencySeconds), buckets: [...def.latencySeconds.buckets] }),
    messagesTotal: new Counter(common(def.messagesTotal)),
    errorsTotal: new Counter(common(def.errorsTotal)),
    sentTotal: new Counter(common(def.sentTotal)),
    deliveredTotal: new Counter(common(def.deliveredTotal)),
    virtualUsers: new Gauge(common(def.virtualUsers)),
    targetRate: new Gauge(common(def.targetRate)),
    budgetSeconds: new Gauge(common(def.budgetSeconds)),
  };
}
