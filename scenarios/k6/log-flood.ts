/**
 * Log flood (issue 4's workload, for k6): VUS subscribers on Antimony `/logs/<labId>` and `/logs/<labId>/<node>`
 * while the server emits node log lines at its `simulation.logLinesPerSecond`. Measures each line's push latency
 * (server `ts=` to receipt: same clock only when k6 and the server share a machine), lines received, loss and
 * reordering from the `seq=` numbers (protocols/antimony DECISIONS.md D13), and the backlog on subscribe.
 *
 *   k6 run scenarios/k6/log-flood.ts
 */
import { check } from "k6";
import { Counter, Rate, Trend } from "k6/metrics";
import type { Options } from "k6/options";
import { setTimeout } from "k6/timers";
import { parseLogLine } from "../../protocols/antimony/log-line-format.ts";
import { ackError, demoAliceToken, labCommand } from "./lib/antimony.ts";
import { emitMeasured, joinNamespace, socketIoConnection } from "./lib/k6-socket.ts";
import { SequenceGaps } from "./lib/sequence-gaps.ts";
import { numberSetting, setting } from "./lib/settings.ts";
import { logFloodThresholds, thresholdsFor } from "./lib/thresholds.ts";

const target = setting("TARGET", "http://127.0.0.1:7404");
const token = setting("TOKEN", demoAliceToken);
const labId = setting("LAB_ID", "lab-alpha");
const node = setting("NODE", "router1");
const holdSeconds = numberSetting("HOLD_SECONDS", 20);
/** A deploy acks when the simulated deploy ends (DECISIONS.md D8), so its ack may take `simulation.deployMs`. */
const deployTimeoutMs = numberSetting("DEPLOY_TIMEOUT_MS", 10_000);
const reconnect = { attempts: numberSetting("RECONNECT_ATTEMPTS", 3), delayMs: 1_000 };

/** BUDGETS: a budgets file (scenarios/budgets/), opened relative to this script; BUDGET_METRIC: its metric. */
const budgets = __ENV.BUDGETS === undefined ? undefined : open(__ENV.BUDGETS);

export const options: Options = {
  scenarios: {
    subscribers: {
      executor: "per-vu-iterations",
      vus: numberSetting("VUS", 20),
      iterations: 1,
      maxDuration: `${holdSeconds + 30}s`,
    },
  },
  thresholds: thresholdsFor(logFloodThresholds, budgets, setting("BUDGET_METRIC", "push:data"), {
    latency: "log_push_latency",
    delivery: "log_delivery",
    delivered: "log_lines_received",
    failure: "socketio_ack_failed",
  }),
};

const pushLatency = new Trend("log_push_latency", true);
const received = new Counter("log_lines_received");
const lost = new Counter("log_lines_lost");
/** true per line received, false per line lost: the delivered share, which a budget's `lossRate` limits. */
const delivery = new Rate("log_delivery");
const reordered = new Counter("log_lines_reordered");
/** Lines without `seq=`/`ts=`: a server other than the reference one; counted, not measured. */
const unnumbered = new Counter("log_lines_unnumbered");
const backlogLines = new Counter("log_backlog_lines");

/** Deploys the lab once, so that its log namespaces exist (they appear on the first deploy, D12). */
export function setup(): Promise<void> {
  return new Promise((resolve, reject) => {
    const conn = socketIoConnection(target);
    const ns = joinNamespace(conn, "/lab-commands", "/lab-commands", { token });
    ns.on("connect_error", (err) => {
      conn.close();
      reject(new Error(`/lab-commands refused: ${JSON.stringify(err)}`));
    });
    ns.on("connect", () =>
      emitMeasured(ns, "/lab-commands", "data", [{ labId, command: labCommand.deploy }], deployTimeoutMs, (outcome) => {
        conn.close();
        const code = outcome.ok ? ackError(outcome.args[0]) : outcome.reason;
        if (code === undefined) resolve();
        else reject(new Error(`deploying ${labId} failed: ${code}`));
      }),
    );
  });
}

export default function subscriber(): void {
  // A dropped transport reconnects and resubscribes; the new backlog covers the lines sent meanwhile.
  const conn = socketIoConnection(target, reconnect);
  const streams = [
    { name: `/logs/${labId}`, label: "/logs/:labId" },
    { name: `/logs/${labId}/${node}`, label: "/logs/:labId/:node" },
  ];
  for (const { name, label } of streams) {
    const tags = { namespace: label };
    const gaps = new SequenceGaps();
    const ns = joinNamespace(conn, name, label, { token });
    ns.on("backlog", (lines) => {
      const all = Array.isArray(lines) ? lines : [];
      check(all, { "backlog is a list of strings": (l) => l.every((x) => typeof x === "string") }, tags);
      backlogLines.add(all.length, tags);
      const last = parseLogLine(String(all[all.length - 1] ?? ""));
      if (last !== undefined) gaps.resume(last.seq);
    });
    ns.on("data", (line) => {
      const now = Date.now();
      received.add(1, tags);
      const parsed = typeof line === "string" ? parseLogLine(line) : undefined;
      if (parsed === undefined) {
        unnumbered.add(1, tags);
        return;
      }
      pushLatency.add(now - parsed.sentAtMs, tags);
      delivery.add(true, tags);
      const seen = gaps.observe(parsed.seq);
      if (seen.lost > 0) lost.add(seen.lost, tags);
      for (let i = 0; i < seen.lost; i++) delivery.add(false, tags);
      if (seen.reordered) reordered.add(1, tags);
    });
  }
  setTimeout(() => conn.close(), holdSeconds * 1000);
}
