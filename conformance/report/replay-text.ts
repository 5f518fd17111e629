import type { Exchange } from "../client/transcript.js";
import type { ReplayStep } from "../runner/replay.js";

/** One line per exchange: `→` what the client sent, `←` what the server answered, `✗` where it departs. */
export function describeExchange(e: Exchange): string {
  const j = (v: unknown) => JSON.stringify(v) ?? "undefined";
  switch (e.kind) {
    case "connect":
      return `${e.client} → connect ${e.namespace}${e.auth === undefined ? "" : ` auth=${j(e.auth)}`}${e.query === undefined ? "" : ` query=${j(e.query)}`}`;
    case "connected":
      return `${e.client} ← connected`;
    case "refused":
      return `${e.client} ← refused: ${e.message}${e.data === undefined ? "" : ` ${j(e.data)}`}`;
    case "emit":
      return `${e.client} → ${e.event} ${j(e.args)}${e.ack ? " (ack)" : ""}`;
    case "ack":
      return `${e.client} ← ack ${e.event} ${j(e.args)}`;
    case "receive":
      return `${e.client} ← ${e.event} ${j(e.args)}`;
    case "timeout":
      return `${e.client} … no ${e.waitingFor} within ${e.ms} ms`;
    case "disconnect":
      return `${e.client} ← disconnected (${e.reason})`;
    case "close":
      return `${e.client} → close`;
  }
}

/** `✗` marks a departure, `·` a push shown but not compared; the exchange where the failure showed is named. */
export function renderReplayStep(s: ReplayStep): string {
  const mark = !s.matches ? "✗ " : s.compared ? "  " : "· ";
  const line = `${mark}${describeExchange(s.recorded)}${s.compared ? "" : " (push, not compared)"}`;
  const departed = s.matches ? "" : `\n    this time: ${JSON.stringify(s.live)}`;
  return `${line}${departed}${s.failure ? "\n    ^ where the recorded failure showed" : ""}`;
}
