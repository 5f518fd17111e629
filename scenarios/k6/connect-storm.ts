/**
 * Connect/auth storm: RATE new connections per second for DURATION_SECONDS (an open model: arrivals do not wait for
 * earlier connections), each an Engine.IO handshake plus Antimony's `/lab-commands` auth middleware, then closed.
 * `socketio_connect_time` is the time from opening the WebSocket to the namespace's `connect`. FORGED_EVERY=n makes
 * every n-th arrival present a forged token, which must be refused with "Invalid Token" (checked, and counted apart
 * from unexpected refusals).
 *
 *   k6 run scenarios/k6/connect-storm.ts
 */
import { check } from "k6";
import exec from "k6/execution";
import { Counter } from "k6/metrics";
import type { Options } from "k6/options";
import { clearTimeout, setTimeout } from "k6/timers";
import { demoAliceToken } from "./lib/antimony.ts";
import { connectTime, socketIoConnection } from "./lib/k6-socket.ts";
import { numberSetting, setting } from "./lib/settings.ts";
import { connectStormThresholds, thresholdsFor } from "./lib/thresholds.ts";

const target = setting("TARGET", "http://127.0.0.1:7404");
const token = setting("TOKEN", demoAliceToken);
const forgedEvery = numberSetting("FORGED_EVERY", 0);
const rate = numberSetting("RATE", 50);
/** An arrival that has neither connected nor been refused by then is abandoned and counted. */
const giveUpMs = numberSetting("GIVE_UP_MS", 10_000);

/** BUDGETS: a budgets file (scenarios/budgets/), opened relative to this script; BUDGET_METRIC: its metric. */
const budgets = __ENV.BUDGETS === undefined ? undefined : open(__ENV.BUDGETS);

export const options: Options = {
  scenarios: {
    storm: {
      executor: "constant-arrival-rate",
      rate,
      timeUnit: "1s",
      duration: `${numberSetting("DURATION_SECONDS", 20)}s`,
      preAllocatedVUs: Math.max(10, rate),
      maxVUs: Math.max(50, rate * 10),
    },
  },
  thresholds: thresholdsFor(
    { ...connectStormThresholds, storm_unexpected_refusals: ["count==0"], storm_abandoned: ["count==0"] },
    budgets,
    setting("BUDGET_METRIC", "connect"),
    { latency: "socketio_connect_time" },
  ),
};

const expectedRefusals = new Counter("storm_expected_refusals");
const unexpectedRefusals = new Counter("storm_unexpected_refusals");
const abandoned = new Counter("storm_abandoned");

export default function arrival(): void {
  const forged = forgedEvery > 0 && exec.scenario.iterationInTest % forgedEvery === 0;
  const started = Date.now();
  const conn = socketIoConnection(target);
  const ns = conn.connect("/lab-commands", { token: forged ? `${token}forged` : token });
  const giveUp = setTimeout(() => {
    abandoned.add(1);
    conn.close();
  }, giveUpMs);
  const finish = () => {
    clearTimeout(giveUp);
    conn.close();
  };
  ns.on("connect", () => {
    connectTime.add(Date.now() - started, { namespace: "/lab-commands" });
    check(forged, { "a forged token is never accepted": (f) => !f });
    finish();
  });
  ns.on("connect_error", (err) => {
    const message = (err as { message?: unknown } | undefined)?.message;
    if (forged && check(message, { 'a forged token is refused "Invalid Token"': (m) => m === "Invalid Token" })) {
      expectedRefusals.add(1);
    } else {
      unexpectedRefusals.add(1, { message: String(message) });
    }
    finish();
  });
}
