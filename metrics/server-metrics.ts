import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { serverMetrics } from "./catalogue.js";
import { registeredOn } from "./registered-on.js";

export type ServerMetrics = ReturnType<typeof createServerMetrics>;

/** The reference server's metrics on a registry of their own, with Node's defaults (event-loop lag, heap, CPU). */
export function createServerMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const def = serverMetrics;
  const common = registeredOn(registry);
  return {
    registry,
    connections: new Gauge(common(def.connections)),
    connectionsTotal: new Counter(common(def.connectionsTotal)),
    connectionRefusalsTotal: new Counter(common(def.connectionRefusalsTotal)),
    eventsReceivedTotal: new Counter(common(def.eventsReceivedTotal)),
    eventsEmittedTotal: new Counter(common(def.eventsEmittedTotal)),
    handlerDurationSeconds: new Histogram({
      ...common(def.handlerDurationSeconds),
      buckets: [...def.handlerDurationSeconds.buckets],
    }),
    errorsTotal: new Counter(common(def.errorsTotal)),
  };
}
