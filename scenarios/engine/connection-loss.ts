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

/**
 * What a run lost to the transport, in one line for the person at the terminal, or undefined when the target
 * stayed reachable. A run with such losses measured the outage, not the server: `volley load` exits 2 on it.
 */
export function connectionLoss(report: LoadReport): string | undefined {
  const parts: string[] = [];
  // Connections first: they are the cause; the messages they could not carry follow.
  const first = (name: string) => (name === "connect" ? 0 : name === "disconnect" ? 1 : 2);
  const metrics = Object.entries(report.metrics).sort(([a], [b]) => first(a) - first(b));
  for (const [metric, m] of metrics) {
    const codes = Object.entries(m.errors).filter(([code, n]) => n > 0 && TRANSPORT_CODES.has(code));
    if (codes.length === 0) continue;
    const what = metric === "connect" ? "connections failed" : metric === "disconnect" ? "connections dropped" : metric;
    parts.push(`${what}: ${codes.map(([code, n]) => `${code} x${n}`).join(", ")}`);
  }
  return parts.length === 0 ? undefined : `lost the connection to ${report.target} (${parts.join("; ")})`;
}
