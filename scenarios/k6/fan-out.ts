/**
 * Broadcast fan-out: RECEIVERS VUs join a broadcast group, one sender VU sends RATE stamped messages per second for
 * SEND_SECONDS. Each receiver records the delivery latency of every message (send time to receipt, one clock: the
 * k6 machine's), loss from sequence gaps and from the announced last number, and reordering.
 * API=command-network (default; a command broadcast) or API=circles-chat (a conversation; needs TOKEN).
 *
 *   k6 run scenarios/k6/fan-out.ts
 *   k6 run -e API=circles-chat -e TOKEN=<a user token volley serve prints> scenarios/k6/fan-out.ts
 */
import exec from "k6/execution";
import { Counter, Rate, Trend } from "k6/metrics";
import type { Options } from "k6/options";
import { clearInterval, setInterval, setTimeout } from "k6/timers";
import { circlesChat, commandNetwork, type FanOutApi } from "./lib/fan-out-apis.ts";
import { joinNamespace, socketIoConnection } from "./lib/k6-socket.ts";
import { SequenceGaps } from "./lib/sequence-gaps.ts";
import { numberSetting, setting } from "./lib/settings.ts";
import { fanOutThresholds, thresholdsFor } from "./lib/thresholds.ts";

const apiName = setting("API", "command-network");
/** `volley serve` puts command-network on port 7401 and circles-chat on 7402. */
const target = setting("TARGET", apiName === "circles-chat" ? "http://127.0.0.1:7402" : "http://127.0.0.1:7401");
const receivers = numberSetting("RECEIVERS", 20);
const rate = numberSetting("RATE", 10);
const sendSeconds = numberSetting("SEND_SECONDS", 20);
/** Receivers join during this head start; the sender begins after it. */
const joinSeconds = numberSetting("JOIN_SECONDS", 3);
/** Receivers stay this long after the last send, for late deliveries. */
const graceSeconds = numberSetting("GRACE_SECONDS", 3);
const reconnect = { attempts: numberSetting("RECONNECT_ATTEMPTS", 3), delayMs: 1_000 };

const api: FanOutApi =
  apiName === "circles-chat" ? circlesChat(setting("TOKEN"), numberSetting("CONVERSATION_ID", 1)) : commandNetwork;

/** BUDGETS: a budgets file (scenarios/budgets/), opened relative to this script; BUDGET_METRIC: its metric. */
const budgets = __ENV.BUDGETS === undefined ? undefined : open(__ENV.BUDGETS);

export const options: Options = {
  scenarios: {
    receivers: {
      executor: "per-vu-iterations",
      exec: "receiver",
      vus: receivers,
      iterations: 1,
      maxDuration: `${joinSeconds + sendSeconds + graceSeconds + 30}s`,
    },
    sender: {
      executor: "per-vu-iterations",
      exec: "sender",
      vus: 1,
      iterations: 1,
      startTime: `${joinSeconds}s`,
      maxDuration: `${sendSeconds + 30}s`,
    },
  },
  thresholds: thresholdsFor(fanOutThresholds, budgets, setting("BUDGET_METRIC", "fanout"), {
    latency: "fanout_latency",
    delivery: "fanout_delivery",
    delivered: "fanout_received",
    failure: "fanout_send_failed",
  }),
};

const latency = new Trend("fanout_latency", true);
const received = new Counter("fanout_received");
const lost = new Counter("fanout_lost");
/** true per message received, false per message lost, over all receivers. */
const delivery = new Rate("fanout_delivery");
const reordered = new Counter("fanout_reordered");
const sent = new Counter("fanout_sent");
const sendFailed = new Rate("fanout_send_failed");
const joinFailures = new Counter("fanout_join_failures");

export function receiver(): void {
  // A dropped transport reconnects and joins again (`connect` fires anew); what it missed counts as lost.
  const conn = socketIoConnection(target, reconnect);
  const ns = joinNamespace(conn, "/", "/", undefined);
  const gaps = new SequenceGaps();
  let finalSeq: number | undefined;
  ns.on(api.event, (payload) => {
    const now = Date.now();
    const stamp = api.stampOf(payload);
    if (stamp === undefined) return;
    received.add(1);
    latency.add(now - stamp.sentAt);
    delivery.add(true);
    const seen = gaps.observe(stamp.seq);
    if (seen.lost > 0) lost.add(seen.lost);
    for (let i = 0; i < seen.lost; i++) delivery.add(false);
    if (seen.reordered) reordered.add(1);
    if (stamp.last) finalSeq = stamp.seq;
  });
  ns.on("connect", () =>
    api.join(
      ns,
      `k6-receiver-${exec.vu.idInTest}`,
      () => {},
      (why) => joinFailures.add(1, { why }),
    ),
  );
  setTimeout(
    () => {
      // A receiver that never saw the last message lost the tail; without a `last` we cannot know how much.
      if (finalSeq === undefined) {
        lost.add(1, { tail: "unknown" });
        delivery.add(false);
      }
      conn.close();
    },
    (joinSeconds + sendSeconds + graceSeconds) * 1000,
  );
}

export function sender(): void {
  const conn = socketIoConnection(target);
  const ns = joinNamespace(conn, "/", "/", undefined);
  const total = Math.max(1, Math.round(rate * sendSeconds));
  let seq = 0;
  const onJoined = () => {
    const sending = setInterval(() => {
      seq++;
      const stamp = { seq, sentAt: Date.now(), last: seq === total };
      sent.add(1);
      api.send(ns, stamp, (ok) => {
        sendFailed.add(!ok);
        if (stamp.last) conn.close();
      });
      if (stamp.last) clearInterval(sending);
    }, 1000 / rate);
  };
  ns.on("connect", () =>
    api.join(ns, "k6-sender", onJoined, (why) => {
      joinFailures.add(1, { why });
      conn.close();
    }),
  );
}
