/**
 * The k6 side of the framing module: k6's WebSocket (`k6/websockets`) and timers wired to a Connection, and the
 * connection metrics every script shares. Only k6 scripts import this file; Node tests use `ws` instead.
 */
import { Counter, Rate, Trend } from "k6/metrics";
import { clearTimeout, setTimeout } from "k6/timers";
import { WebSocket } from "k6/websockets";
import { type AckOutcome, Connection, type Namespace, type OpenWebSocket, type Timers } from "./socketio.ts";

/** WebSocket open to namespace `connect`: the Engine.IO handshake plus the namespace's auth middleware. */
export const connectTime = new Trend("socketio_connect_time", true);
/** Namespace refusals (`connect_error`), tagged with the server's message ("Unauthorized", "Invalid Token", ...). */
export const connectErrors = new Counter("socketio_connect_errors");
export const ackLatency = new Trend("socketio_ack_latency", true);
/** Acks that never came (timeout) or were cut off by a disconnect. */
export const ackFailures = new Counter("socketio_ack_failures");
/** The same as a share of all acked emits: what a budget's `errorRate` limits. */
export const ackFailed = new Rate("socketio_ack_failed");
/** Frames the module could not use (binary packets, bad JSON): a script that sees any measured the wrong thing. */
export const framingErrors = new Counter("socketio_framing_errors");
export const disconnects = new Counter("socketio_disconnects");
/** WebSocket errors: refused or reset connections. */
export const transportErrors = new Counter("socketio_transport_errors");

const k6Timers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as number),
};

const openK6WebSocket: OpenWebSocket = (url, events) => {
  const ws = new WebSocket(url);
  ws.onmessage = (event) => events.message(event?.data);
  ws.onclose = () => events.close();
  // Whether k6 also fires close after a failed connect is not documented: report the loss either way (the
  // connection ignores a second report for the same socket) so a refused socket is never a silent, empty iteration.
  ws.onerror = (event) => {
    transportErrors.add(1, { error: String(event?.error) });
    events.close();
  };
  return ws;
};

/** Opens one Engine.IO session to `url` (`http://host:port`) over k6's WebSocket. */
export function socketIoConnection(url: string, reconnect?: { attempts: number; delayMs: number }): Connection {
  const conn = new Connection({ url, openWebSocket: openK6WebSocket, timers: k6Timers, reconnect });
  conn.on("error", (code) => framingErrors.add(1, { code: String(code) }));
  return conn;
}

/**
 * Connects namespace `name` with `auth`, measuring the time to `connect` and counting refusals and disconnects.
 * `label` tags the metrics: a bounded name such as `/shells/:id`, never the concrete id.
 */
export function joinNamespace(
  conn: Connection,
  name: string,
  label: string,
  auth: Record<string, unknown> | undefined,
): Namespace {
  const started = Date.now();
  let first = true;
  const ns = conn.connect(name, auth);
  ns.on("connect", () => {
    // Only the first connect: a reconnect's time would include the reconnect delay.
    if (first) connectTime.add(Date.now() - started, { namespace: label });
    first = false;
  });
  ns.on("connect_error", (err) => {
    const message = (err as { message?: unknown } | undefined)?.message;
    connectErrors.add(1, { namespace: label, message: String(message) });
  });
  ns.on("disconnect", (reason) => disconnects.add(1, { namespace: label, reason: String(reason) }));
  return ns;
}

/** Emits with an ack, recording its latency or counting its failure; `done` gets the outcome either way. */
export function emitMeasured(
  ns: Namespace,
  label: string,
  event: string,
  args: unknown[],
  timeoutMs: number,
  done: (outcome: AckOutcome) => void,
): void {
  const started = Date.now();
  ns.emitWithAck(event, args, timeoutMs, (outcome) => {
    ackFailed.add(!outcome.ok, { namespace: label, event });
    if (outcome.ok) ackLatency.add(Date.now() - started, { namespace: label, event });
    else ackFailures.add(1, { namespace: label, event, reason: outcome.reason });
    done(outcome);
  });
}
