import { performance } from "node:perf_hooks";
import { parseLogLine } from "../../protocols/antimony/log-line-format.js";
import { AckTimeout, Disconnected, type VolleySocket } from "./client.js";
import type { Measurements } from "./measurements.js";
import type { EmitAckStep, Step } from "./scenario.js";
import { fill } from "./template.js";

/** What `volley load` may override in a flow; Artillery runs the flow as written. */
export interface FlowOverrides {
  /** Acked emits per second for each user's `openLoop`. */
  readonly ratePerUser?: number | undefined;
  /** Length of every `openLoop` and `hold`. */
  readonly durationSeconds?: number | undefined;
  /** Ends the run early (Ctrl-C): loops stop scheduling, pauses end; what was sent is still settled. */
  readonly signal?: AbortSignal | undefined;
}

export interface VirtualUser {
  readonly vu: number;
  readonly socket: VolleySocket;
  readonly measurements: Measurements;
  readonly overrides: FlowOverrides;
  /** Wall-clock ms when this user began to connect: pushes stamped earlier are replays of the past. */
  readonly connectingSince: number;
}

const micros = (fromMs: number) => (performance.now() - fromMs) * 1000;

/** Runs a flow to its end; every emit it makes is settled (delivered, errored or timed out) before it returns. */
export async function runFlow(user: VirtualUser, flow: readonly Step[]): Promise<void> {
  for (const step of flow) {
    if (user.overrides.signal?.aborted) return;
    if ("emit" in step) user.socket.emit(step.emit.event, argsFor(step.emit.args, user.vu, 0));
    else if ("emitAck" in step) await emitAck(user, step.emitAck, 0, performance.now());
    else if ("awaitEvent" in step) await awaitEvent(user, step.awaitEvent);
    else if ("subscribe" in step) subscribe(user, step.subscribe);
    else if ("openLoop" in step) await openLoop(user, step.openLoop);
    else if ("users" in step) {
      const { from, to, flow: only } = step.users;
      if (user.vu >= from && (to === undefined || user.vu < to)) await runFlow(user, only);
    } else if ("hold" in step) {
      const seconds = (user.overrides.durationSeconds ?? step.hold.durationSeconds) + step.hold.graceSeconds;
      await sleep(seconds * 1000, user.overrides.signal);
    } else await sleep(step.think, user.overrides.signal);
  }
}

function argsFor(args: readonly unknown[], vu: number, seq: number): unknown[] {
  return args.map((a) => fill(a, { vu, seq }));
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** One acked emit, its latency measured from `intendedAt` (performance.now() ms), settled exactly once. */
function emitAck(user: VirtualUser, step: EmitAckStep, seq: number, intendedAt: number): Promise<void> {
  const metric = step.metric ?? `ack:${step.event}`;
  return new Promise((resolve) => {
    user.socket.emitAck(step.event, argsFor(step.args, user.vu, seq), step.timeoutMs, (err, reply) => {
      if (err instanceof AckTimeout) user.measurements.failed(metric, "timedOut", "ack_timeout");
      else if (err instanceof Disconnected) user.measurements.failed(metric, "errored", err.code);
      else if (err !== null) user.measurements.failed(metric, "errored", "client_error");
      else {
        const code = step.errorField === undefined ? undefined : errorCode(reply[0], step.errorField);
        if (code === undefined) user.measurements.delivered(metric, micros(intendedAt));
        else user.measurements.failed(metric, "errored", code);
      }
      resolve();
    });
  });
}

function errorCode(first: unknown, field: string): string | undefined {
  if (typeof first !== "object" || first === null) return undefined;
  const error = (first as Record<string, unknown>)[field];
  if (error === undefined || error === null || error === false) return undefined;
  const code = typeof error === "object" ? (error as { code?: unknown }).code : error;
  return String(code ?? field);
}

/**
 * Sends on a fixed schedule: emit i is intended at start + i/rate. A late timer sends every emit that is due at
 * once, each keeping its own intended time, so a stalled server or a busy client shows in the latency instead of
 * silently lowering the rate (autocannon `recordValueWithExpectedInterval` corrects a closed loop after the fact;
 * an open schedule needs no correction beyond measuring from the intended time).
 */
function openLoop(
  user: VirtualUser,
  step: { rate: number; durationSeconds: number } & (
    | { emitAck: EmitAckStep }
    | { emit: { event: string; args: unknown[] } }
  ),
) {
  const rate = user.overrides.ratePerUser ?? step.rate;
  const total = Math.max(1, Math.round(rate * (user.overrides.durationSeconds ?? step.durationSeconds)));
  const intervalMs = 1000 / rate;
  // Users start together; a random phase keeps them from sending in lockstep bursts.
  const start = performance.now() + Math.random() * intervalMs;
  const pending: Promise<void>[] = [];
  return new Promise<void>((resolve) => {
    let seq = 0;
    const fire = () => {
      const now = performance.now();
      while (seq < total && start + seq * intervalMs <= now && !user.overrides.signal?.aborted) {
        if ("emitAck" in step) pending.push(emitAck(user, step.emitAck, seq, start + seq * intervalMs));
        else {
          user.socket.emit(step.emit.event, argsFor(step.emit.args, user.vu, seq));
          user.measurements.delivered(`sent:${step.emit.event}`);
        }
        seq += 1;
      }
      if (seq < total && !user.overrides.signal?.aborted)
        setTimeout(fire, start + seq * intervalMs - performance.now());
      else void Promise.all(pending).then(() => resolve());
    };
    setTimeout(fire, start - performance.now());
  });
}

function awaitEvent(user: VirtualUser, step: { event: string; metric?: string | undefined; timeoutMs: number }) {
  const metric = step.metric ?? `event:${step.event}`;
  const since = performance.now();
  return new Promise<void>((resolve) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      user.measurements.failed(metric, "timedOut", "event_timeout");
      resolve();
    }, step.timeoutMs);
    user.socket.on(step.event, () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      user.measurements.delivered(metric, micros(since));
      resolve();
    });
  });
}

/** Counts every push of `event` for the rest of the user's life; sequence gaps are lost messages. */
function subscribe(
  user: VirtualUser,
  step: {
    event: string;
    metric?: string | undefined;
    sentAtField?: string | undefined;
    sequenceField?: string | undefined;
    sequenceStart?: number | undefined;
    parse: "fields" | "antimony-log-line";
    jsonAt?: string | undefined;
  },
): void {
  const metric = step.metric ?? `push:${step.event}`;
  let last = step.sequenceStart === undefined ? undefined : step.sequenceStart - 1;
  user.socket.on(step.event, (first: unknown) => {
    const fields = readFields(step.jsonAt === undefined ? first : parseJsonAt(first, step.jsonAt), step.parse);
    const sentAt = step.sentAtField === undefined ? undefined : at(fields, step.sentAtField);
    const sentMs = typeof sentAt === "string" ? Date.parse(sentAt) : typeof sentAt === "number" ? sentAt : Number.NaN;
    // Server timestamps are wall-clock milliseconds: this latency is only as fine as the server's clock field.
    // Entries written before the user connected are a replay (NestMTX replays 100 on connect): counted under
    // `<metric>:replay`, kept out of the live latency they would otherwise inflate.
    if (sentMs < user.connectingSince) return user.measurements.delivered(`${metric}:replay`);
    const latency = Number.isNaN(sentMs) ? undefined : (Date.now() - sentMs) * 1000;
    if (step.sequenceField !== undefined) {
      const seq = Number(at(fields, step.sequenceField));
      if (last !== undefined && seq <= last) return user.measurements.reordered(metric, latency);
      if (last !== undefined && seq > last + 1)
        user.measurements.failed(metric, "lost", "sequence_gap", seq - last - 1);
      last = seq;
    }
    user.measurements.delivered(metric, latency);
  });
}

function readFields(first: unknown, parse: "fields" | "antimony-log-line"): Record<string, unknown> {
  if (parse === "antimony-log-line") {
    const line = typeof first === "string" ? parseLogLine(first) : undefined;
    return line === undefined ? {} : { seq: line.seq, sentAtMs: line.sentAtMs };
  }
  return typeof first === "object" && first !== null ? (first as Record<string, unknown>) : {};
}

/** The value at a dotted path (`meta.sentAt`), or undefined. */
function at(fields: Record<string, unknown>, path: string): unknown {
  let value: unknown = fields;
  for (const key of path.split(".")) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function parseJsonAt(first: unknown, path: string): unknown {
  const text = typeof first === "object" && first !== null ? at(first as Record<string, unknown>, path) : undefined;
  if (typeof text !== "string") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // Not a message this scenario sent (another client's text): no fields, so no latency or sequence.
    return undefined;
  }
}
