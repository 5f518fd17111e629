import type { LoadReport } from "./report.js";

/**
 * Failure codes that mean the target or the network went away, as opposed to an answer from the server (a refusal
 * such as `Unauthorized`, an API error code). socket.io-client names them: `websocket error` / `xhr poll error` /
 * `timeout` when a connection cannot be opened, `transport close` / `transport error` / `ping timeout` when an open
 * one ends; `disconnected` is the engine's own code for a message the dead connection could not carry.
 */
export const TRANSPORT_CODES: ReadonlySet<string> = new Set([
  "websocket error",
  "xhr poll error",
  "timeout",
  "connect_timeout",
  "transport close",
  "transport error",
  "ping timeout",
  "disconnected",
]);

/** A cause is `code` or `code: detail` (`websocket error: connect ECONNREFUSED ...`). */
const codeOf = (cause: string) => cause.split(": ")[0] ?? cause;

/**
 * What a run lost to the transport once connected, in one line for the person at the terminal, or undefined when
 * the target stayed reachable. A run with such losses measured the outage, not the server: `volley load` exits 2
 * on it. Connections that never opened are not counted here: the probe found the target before the run, and users
 * that could not connect are judged by `--max-connect-failures` (`run-problems.ts`).
 */
export function connectionLoss(report: LoadReport): string | undefined {
  const parts: string[] = [];
  // Drops first: they are the cause; the messages they could not carry follow.
  const first = (name: string) => (name === "disconnect" ? 0 : 1);
  const metrics = Object.entries(report.metrics)
    .filter(([name, m]) => name === "disconnect" || (m.kind !== "connection" && name !== "connect"))
    .sort(([a], [b]) => first(a) - first(b));
  for (const [metric, m] of metrics) {
    const codes = Object.entries(m.errors).filter(([cause, n]) => n > 0 && TRANSPORT_CODES.has(codeOf(cause)));
    if (codes.length === 0) continue;
    const what = metric === "disconnect" ? "connections dropped" : metric;
    parts.push(`${what}: ${codes.map(([code, n]) => `${code} x${n}`).join(", ")}`);
  }
  return parts.length === 0 ? undefined : `lost the connection to ${report.target} (${parts.join("; ")})`;
}
