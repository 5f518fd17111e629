/**
 * Every metric Volley exposes, in one list: the reference server's and the load runs'. Names follow Prometheus
 * conventions (base units, `_total` on counters); labels are bounded sets — API, namespace pattern, event name from
 * the protocol definition, error code — never a socket id, lab id or request id.
 */
export type MetricType = "counter" | "gauge" | "histogram";

export interface MetricDefinition {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  readonly unit: "seconds" | "bytes" | "1";
  readonly labels: readonly string[];
  /** Histogram bucket upper bounds, in the metric's unit. */
  readonly buckets?: readonly number[];
}

/** Handler and delivery latencies on loopback sit between tens of microseconds and a few seconds. */
export const LATENCY_BUCKETS_SECONDS = [
  0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
] as const;

export const serverMetrics = {
  connections: {
    name: "volley_server_connections",
    type: "gauge",
    help: "Sockets currently connected, by API and namespace pattern.",
    unit: "1",
    labels: ["api", "namespace"],
  },
  connectionsTotal: {
    name: "volley_server_connections_total",
    type: "counter",
    help: "Sockets accepted since start, by API and namespace pattern.",
    unit: "1",
    labels: ["api", "namespace"],
  },
  connectionRefusalsTotal: {
    name: "volley_server_connection_refusals_total",
    type: "counter",
    help: "Connections refused by a namespace middleware (authentication, unknown namespace), by reason.",
    unit: "1",
    labels: ["api", "namespace", "reason"],
  },
  eventsReceivedTotal: {
    name: "volley_server_events_received_total",
    type: "counter",
    help: "Events received from clients; events the protocol does not define are counted as <unknown>.",
    unit: "1",
    labels: ["api", "namespace", "event"],
  },
  eventsEmittedTotal: {
    name: "volley_server_events_emitted_total",
    type: "counter",
    help: "Events sent to clients, one per receiving socket (a broadcast to N sockets counts N); dynamic names as <dynamic>.",
    unit: "1",
    labels: ["api", "namespace", "event"],
  },
  handlerDurationSeconds: {
    name: "volley_server_handler_duration_seconds",
    type: "histogram",
    help: "Time from an event's arrival to its handler's completion (ack or reply sent).",
    unit: "seconds",
    labels: ["api", "namespace", "event"],
    buckets: LATENCY_BUCKETS_SECONDS,
  },
  errorsTotal: {
    name: "volley_server_errors_total",
    type: "counter",
    help: "Errors answered to clients, by the API's own error code (e.g. 5422, 480, invalid_payload).",
    unit: "1",
    labels: ["api", "code"],
  },
} as const satisfies Record<string, MetricDefinition>;

/**
 * The load generator's metrics (`volley load --metrics-port`), live during a run. `metric` is the scenario's own
 * measurement name (`ack:<event>`, `push:<event>`, `event:<event>`, `connect`), a bounded set per scenario file.
 * Latency is a real histogram: sum it over generators with `sum by (le)` before `histogram_quantile`.
 */
export const loadMetrics = {
  latencySeconds: {
    name: "volley_load_latency_seconds",
    type: "histogram",
    help: "Latency of delivered messages (acks from the intended send time, pushes from the server timestamp).",
    unit: "seconds",
    labels: ["scenario", "metric"],
    buckets: LATENCY_BUCKETS_SECONDS,
  },
  messagesTotal: {
    name: "volley_load_messages_total",
    type: "counter",
    help: "Messages settled, each exactly once, by outcome: delivered, lost, errored, timedOut.",
    unit: "1",
    labels: ["scenario", "metric", "outcome"],
  },
  errorsTotal: {
    name: "volley_load_errors_total",
    type: "counter",
    help: "Messages not delivered, by metric and cause: ack_timeout, sequence_gap, event_timeout, a server's code: message, a refusal.",
    unit: "1",
    labels: ["scenario", "metric", "code"],
  },
  sentTotal: {
    name: "volley_load_sent_total",
    type: "counter",
    help: "Messages the open loops sent (acked or not; one-off steps not counted): its rate is the achieved send rate.",
    unit: "1",
    labels: ["scenario"],
  },
  deliveredTotal: {
    name: "volley_load_delivered_total",
    type: "counter",
    help: "Replies to the open loops' messages and pushes the virtual users received (each receiver's copy): its rate is the delivery rate.",
    unit: "1",
    labels: ["scenario"],
  },
  virtualUsers: {
    name: "volley_load_virtual_users",
    type: "gauge",
    help: "Virtual users (sockets) currently running.",
    unit: "1",
    labels: ["scenario"],
  },
  targetRate: {
    name: "volley_load_target_rate",
    type: "gauge",
    help: "Target send rate: messages per second the open loops running now are scheduled to send (0 when none runs).",
    unit: "1",
    labels: ["scenario"],
  },
  budgetSeconds: {
    name: "volley_load_budget_seconds",
    type: "gauge",
    help: "Latency budget from the budgets file, per metric and check (p50, p95, p99, max), to draw beside the latency.",
    unit: "seconds",
    labels: ["scenario", "metric", "check"],
  },
} as const satisfies Record<string, MetricDefinition>;

/**
 * Node's default metrics (prom-client `collectDefaultMetrics`, on every reference-server API's registry) that the
 * Server dashboard reads. prom-client names them; they are listed so that the catalogue covers every metric a
 * dashboard uses. The event-loop lag percentiles are gauges computed inside one process: plot them per instance,
 * never average or sum them across instances.
 */
export const nodeMetrics = {
  cpuSecondsTotal: {
    name: "process_cpu_seconds_total",
    type: "counter",
    help: "Total user and system CPU time spent in seconds.",
    unit: "seconds",
    labels: [],
  },
  residentMemoryBytes: {
    name: "process_resident_memory_bytes",
    type: "gauge",
    help: "Resident memory size in bytes.",
    unit: "bytes",
    labels: [],
  },
  heapUsedBytes: {
    name: "nodejs_heap_size_used_bytes",
    type: "gauge",
    help: "Process heap size used from Node.js in bytes.",
    unit: "bytes",
    labels: [],
  },
  heapTotalBytes: {
    name: "nodejs_heap_size_total_bytes",
    type: "gauge",
    help: "Process heap size from Node.js in bytes.",
    unit: "bytes",
    labels: [],
  },
  eventLoopLagP50Seconds: {
    name: "nodejs_eventloop_lag_p50_seconds",
    type: "gauge",
    help: "The 50th percentile of the recorded event loop delays.",
    unit: "seconds",
    labels: [],
  },
  eventLoopLagP99Seconds: {
    name: "nodejs_eventloop_lag_p99_seconds",
    type: "gauge",
    help: "The 99th percentile of the recorded event loop delays.",
    unit: "seconds",
    labels: [],
  },
  eventLoopLagMaxSeconds: {
    name: "nodejs_eventloop_lag_max_seconds",
    type: "gauge",
    help: "The maximum recorded event loop delay.",
    unit: "seconds",
    labels: [],
  },
} as const satisfies Record<string, MetricDefinition>;

/** What each label holds, and why its set of values stays small. */
export const labelMeanings: Readonly<Record<string, string>> = {
  api: "one of the five API names (protocols/protocol.ts API_NAMES)",
  namespace: "the namespace pattern from the protocol definition (`/logs/:labId`), `<unknown>` otherwise",
  event: "an event name the protocol defines for that direction; `<unknown>` (in) or `<dynamic>` (out) otherwise",
  reason: "why a namespace middleware refused a connection, from the API's own refusal list",
  code: "the API's error code, `internal` for a handler that threw; in load runs the cause (ack_timeout, sequence_gap, event_timeout, a server's code: message, a refusal reason), at most 20 per metric, later ones `other`",
  scenario: "the scenario file's name (`command-network-request`)",
  metric: "the scenario's measurement name (`connect`, `ack:<event>`, a step's `metric`), fixed by the scenario file",
  outcome: "delivered, lost, errored or timedOut",
  check: "p50, p95, p99 or max",
};
