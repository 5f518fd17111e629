/**
 * k6 thresholds per workload, in milliseconds, for the small reference-server runs the docs show.
 * They stand for the Artillery budgets files (scenarios/budgets/, issue 4) which did not exist when these were
 * written: when they land, these numbers are to be copied from them (p50/p95/p99/max per latency metric, loss 0).
 * A threshold names a metric the scripts define; k6 exits 99 when one is crossed.
 */
type Thresholds = Record<string, string[]>;

const connection: Thresholds = {
  socketio_connect_time: ["p(95)<500", "max<2000"],
  socketio_connect_errors: ["count==0"],
  socketio_ack_failures: ["count==0"],
  socketio_framing_errors: ["count==0"],
};

const push: string[] = ["p(50)<50", "p(95)<200", "p(99)<500"];

export const logFloodThresholds: Thresholds = {
  ...connection,
  log_push_latency: push,
  log_lines_received: ["count>0"],
  log_lines_lost: ["count==0"],
  log_lines_reordered: ["count==0"],
};

export const shellIoThresholds: Thresholds = {
  ...connection,
  shell_echo_latency: push,
  shell_echo_lost: ["count==0"],
  socketio_ack_latency: ["p(95)<1000"],
};

export const fanOutThresholds: Thresholds = {
  ...connection,
  fanout_latency: push,
  fanout_lost: ["count==0"],
  fanout_received: ["count>0"],
};

export const connectStormThresholds: Thresholds = {
  ...connection,
  socketio_connect_time: ["p(50)<100", "p(95)<500", "p(99)<1000"],
};
