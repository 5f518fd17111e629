/**
 * Shell I/O: each VU opens an Antimony shell through `/lab-commands` (command 6), joins `/shells/<id>` on the same
 * connection, and types numbered markers `#<n>#` every TYPE_INTERVAL_MS. Measures keystroke-to-echo latency (one
 * clock: k6's), markers never echoed (loss), the shell's backlog on joining, and shell-limit refusals (5008) counted,
 * not failed. The shell is closed (command 7) at the end. Run `log-flood.ts`'s setup or deploy the lab first.
 *
 *   k6 run scenarios/k6/shell-io.ts
 */
import { check } from "k6";
import { Counter, Rate, Trend } from "k6/metrics";
import type { Options } from "k6/options";
import { clearInterval, setInterval, setTimeout } from "k6/timers";
import { ackError, ackPayload, demoAliceToken, labCommand, shellLimitCode } from "./lib/antimony.ts";
import { emitMeasured, joinNamespace, socketIoConnection } from "./lib/k6-socket.ts";
import { numberSetting, setting } from "./lib/settings.ts";
import type { Namespace } from "./lib/socketio.ts";
import { shellIoThresholds, thresholdsFor } from "./lib/thresholds.ts";

const target = setting("TARGET", "http://127.0.0.1:7404");
const token = setting("TOKEN", demoAliceToken);
const labId = setting("LAB_ID", "lab-alpha");
const node = setting("NODE", "router1");
const typeSeconds = numberSetting("TYPE_SECONDS", 20);
const typeIntervalMs = numberSetting("TYPE_INTERVAL_MS", 100);
/** Echoes still in flight when typing stops get this long before they count as lost. */
const graceMs = numberSetting("GRACE_MS", 2_000);
const ackTimeoutMs = numberSetting("ACK_TIMEOUT_MS", 5_000);

/** BUDGETS: a budgets file (scenarios/budgets/), opened relative to this script; BUDGET_METRIC: its metric. */
const budgets = __ENV.BUDGETS === undefined ? undefined : open(__ENV.BUDGETS);

export const options: Options = {
  scenarios: {
    typists: {
      executor: "per-vu-iterations",
      // The reference server allows `limits.maxShellsPerUser` (8) shells per user and lab: more VUs with one
      // token measure the 5008 refusals.
      vus: numberSetting("VUS", 8),
      iterations: 1,
      maxDuration: `${typeSeconds + 30}s`,
    },
  },
  thresholds: thresholdsFor(shellIoThresholds, budgets, setting("BUDGET_METRIC", "echo"), {
    latency: "shell_echo_latency",
    delivery: "shell_echo_delivery",
    delivered: "shell_keystrokes_echoed",
    failure: "socketio_ack_failed",
  }),
};

const echoLatency = new Trend("shell_echo_latency", true);
const echoLost = new Counter("shell_echo_lost");
const echoed = new Counter("shell_keystrokes_echoed");
/** true per marker echoed, false per marker never echoed. */
const echoDelivery = new Rate("shell_echo_delivery");
const keystrokes = new Counter("shell_keystrokes_sent");
const shellLimitErrors = new Counter("shell_limit_errors");
const shellOpenErrors = new Counter("shell_open_errors");
const backlogChunks = new Counter("shell_backlog_chunks");

const marker = /#(\d+)#/g;

function type(shell: Namespace, commands: Namespace, shellId: string, close: () => void): void {
  const sentAt = new Map<number, number>();
  let next = 0;
  shell.on("backlog", (chunks) => {
    check(chunks, { "shell backlog is a list": (c) => Array.isArray(c) });
    backlogChunks.add(Array.isArray(chunks) ? chunks.length : 0);
  });
  shell.on("data", (output) => {
    const now = Date.now();
    for (const m of String(output).matchAll(marker)) {
      const n = Number(m[1]);
      const at = sentAt.get(n);
      if (at === undefined) continue;
      sentAt.delete(n);
      echoLatency.add(now - at);
      echoed.add(1);
      echoDelivery.add(true);
    }
  });
  shell.on("connect", () => {
    const typing = setInterval(() => {
      const n = next++;
      if (shell.emit("data", `#${n}#`)) {
        sentAt.set(n, Date.now());
        keystrokes.add(1);
      }
    }, typeIntervalMs);
    setTimeout(() => {
      clearInterval(typing);
      setTimeout(() => {
        echoLost.add(sentAt.size);
        for (let i = 0; i < sentAt.size; i++) echoDelivery.add(false);
        emitMeasured(
          commands,
          "/lab-commands",
          "data",
          [{ labId, command: labCommand.closeShell, shellId }],
          ackTimeoutMs,
          close,
        );
      }, graceMs);
    }, typeSeconds * 1000);
  });
}

export default function typist(): void {
  const conn = socketIoConnection(target);
  const commands = joinNamespace(conn, "/lab-commands", "/lab-commands", { token });
  // A refusal is counted by joinNamespace; nothing else will happen on this connection, so end the iteration.
  commands.on("connect_error", () => conn.close());
  commands.on("connect", () =>
    emitMeasured(
      commands,
      "/lab-commands",
      "data",
      [{ labId, command: labCommand.openShell, node }],
      ackTimeoutMs,
      (outcome) => {
        const ack = outcome.ok ? outcome.args[0] : undefined;
        const code = ackError(ack);
        const shellId = ackPayload(ack);
        if (code === shellLimitCode) shellLimitErrors.add(1);
        else if (code !== undefined || typeof shellId !== "string") shellOpenErrors.add(1, { code: String(code) });
        if (typeof shellId !== "string") {
          conn.close();
          return;
        }
        const shell = joinNamespace(conn, `/shells/${shellId}`, "/shells/:shellId", { token });
        shell.on("connect_error", () => conn.close());
        type(shell, commands, shellId, () => conn.close());
      },
    ),
  );
}
