import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { serverMetrics } from "./catalogue.js";

export type ServerMetrics = ReturnType<typeof createServerMetrics>;

type Labels<K extends keyof typeof serverMetrics> = (typeof serverMetrics)[K]["labels"][number];

/** The reference server's metrics on a registry of their own, with Node's defaults (event-loop lag, heap, CPU). */
export function createServerMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const def = serverMetrics;
  const common = <K extends keyof typeof serverMetrics>(key: K) => ({
    name: def[key].name,
    help: def[key].help,
    labelNames: def[key].labels as readonly Labels<K>[],
    registers: [registry],
  });
  return {
    registry,
    connections: new Gauge(common("connections")),
    connectionsTotal: new Counter(common("connectionsTotal")),
    connectionRefusalsTotal: new Counter(common("connectionRefusalsTotal")),
    eventsReceivedTotal: new Counter(common("eventsReceivedTotal")),
    eventsEmittedTotal: new Counter(common("eventsEmittedTotal")),
    handlerDurationSeconds: new Histogram({
      ...common("handlerDurationSeconds"),
      buckets: [...def.handlerDurationSeconds.buckets],
    }),
    errorsTotal: new Counter(common("errorsTotal")),
  };
}
