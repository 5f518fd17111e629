import { nodeMetrics, serverMetrics } from "../metrics/catalogue.js";
import type { PanelSpec } from "./grafana-model.js";
import { perProcess, quantile, series, sumRate } from "./promql.js";

/** The Prometheus job that scrapes the reference server (dashboards/prometheus.yml). */
export const SERVER_JOB = "volley-server";

/**
 * Panels about the server under test, shared by the Server dashboard and the server row of the Load run dashboard.
 * `matchers` narrow Volley's own metrics (API, instance); `processMatchers` narrow Node's process metrics, which
 * carry no `api` label (one process may serve every API, each on its own port: one instance per API), and are drawn
 * one series per process (`perProcess`).
 */
export function serverPanels(matchers: readonly string[], processMatchers: readonly string[]) {
  const on = (metric: string) => series(metric, `job="${SERVER_JOB}"`, ...matchers);
  const proc = (metric: string) => perProcess((p) => series(metric, `job="${SERVER_JOB}"`, ...processMatchers, p));
  const m = serverMetrics;
  return {
    connections: {
      title: "Connections by namespace",
      description: "Sockets connected now, per API and namespace pattern.",
      unit: "short",
      targets: [{ expr: `sum by (api, namespace) (${on(m.connections.name)})`, legendFormat: "{{api}} {{namespace}}" }],
    },
    connectionRate: {
      title: "Connections accepted and refused",
      description: "New sockets per second by namespace, and refusals (authentication, unknown namespace) by reason.",
      unit: "ops",
      targets: [
        {
          expr: sumRate(["api", "namespace"], on(m.connectionsTotal.name)),
          legendFormat: "{{api}} {{namespace}} accepted",
        },
        {
          expr: sumRate(["api", "reason"], on(m.connectionRefusalsTotal.name)),
          legendFormat: "{{api}} refused: {{reason}}",
        },
      ],
    },
    eventsIn: {
      title: "Events in, by event",
      description: "Events received from clients per second; events the protocol does not define show as <unknown>.",
      unit: "ops",
      targets: [
        {
          expr: sumRate(["api", "namespace", "event"], on(m.eventsReceivedTotal.name)),
          legendFormat: "{{api}} {{namespace}} {{event}}",
        },
      ],
    },
    eventsOut: {
      title: "Events out, by event",
      description: "Events sent to clients per second, one per receiving socket (a broadcast to N sockets counts N).",
      unit: "ops",
      targets: [
        {
          expr: sumRate(["api", "namespace", "event"], on(m.eventsEmittedTotal.name)),
          legendFormat: "{{api}} {{namespace}} {{event}}",
        },
      ],
    },
    handlerLatency: {
      title: "Handler latency p50 / p99, by event",
      description:
        "From an event's arrival to its handler's ack or reply, from the handler histogram (includes --delay).",
      unit: "s",
      targets: [0.5, 0.99].map((q) => ({
        expr: quantile(q, ["api", "event"], m.handlerDurationSeconds.name, `job="${SERVER_JOB}"`, ...matchers),
        legendFormat: `{{api}} {{event}} p${q * 100}`,
      })),
    },
    errors: {
      title: "Server errors by code",
      description: "Errors answered to clients per second, by the API's own error code (internal: a handler threw).",
      unit: "ops",
      targets: [{ expr: sumRate(["api", "code"], on(m.errorsTotal.name)), legendFormat: "{{api}} {{code}}" }],
    },
    eventLoopLag: {
      title: "Event-loop lag",
      description:
        "Node's event-loop delay per process (p50, p99, max over prom-client's sampling window); per process, never averaged.",
      unit: "s",
      targets: [
        nodeMetrics.eventLoopLagP50Seconds,
        nodeMetrics.eventLoopLagP99Seconds,
        nodeMetrics.eventLoopLagMaxSeconds,
      ].map((metric) => ({
        expr: proc(metric.name),
        legendFormat: `{{process}} ${metric.name.replace(/^nodejs_eventloop_lag_|_seconds$/g, "")}`,
      })),
    },
    memory: {
      title: "Heap and resident memory",
      description: "V8 heap used and allocated, and the process's resident set, per process.",
      unit: "bytes",
      targets: [
        { expr: proc(nodeMetrics.heapUsedBytes.name), legendFormat: "{{process}} heap used" },
        { expr: proc(nodeMetrics.heapTotalBytes.name), legendFormat: "{{process}} heap total" },
        { expr: proc(nodeMetrics.residentMemoryBytes.name), legendFormat: "{{process}} resident" },
      ],
    },
    cpu: {
      title: "CPU",
      description: "CPU time per second of wall time (1 = one core busy), user and system, per process.",
      unit: "percentunit",
      targets: [
        {
          expr: perProcess((p) =>
            sumRate(
              ["process", "instance"],
              series(nodeMetrics.cpuSecondsTotal.name, `job="${SERVER_JOB}"`, ...processMatchers, p),
            ),
          ),
          legendFormat: "{{process}}",
        },
      ],
    },
  } satisfies Record<string, PanelSpec>;
}
