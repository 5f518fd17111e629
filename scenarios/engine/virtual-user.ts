import { performance } from "node:perf_hooks";
import { parseLogLine } from "../../protocols/antimony/log-line-format.js";
import { AckTimeout, type ConnectSpec, Disconnected, openSocket, type VolleySocket } from "./client.js";
import { microsSince } from "./clock.js";
import { emitAwait } from "./emit-await.js";
import { stepCount } from "./flow-plan.js";
import type { Measurements } from "./measurements.js";
import { at, errorCause, oneLineCause, payloadText } from "./reply-fields.js";
import type { EmitAckStep, EmitAwaitStep, SocketStep, Step } from "./scenario.js";
import { compile, type Template, type TemplateValues } from "./template.js";

/** What `volley load` may override in a flow; Artillery runs the flow as written. */
export interface FlowOverrides {
  /** Acked emits per second for each user's `openLoop`. */
  readonly ratePerUser?: number | undefined;
  /** Length of every `openLoop` and `hold`. */
  readonly durationSeconds?: number | undefined;
  /** Ends the run early (Ctrl-C): loops stop scheduling, pauses end; what was sent is still settled. */
  readonly signal?: AbortSignal | undefined;
  /** The Socket.IO generation the target speaks (probed or forced): every socket of the flow uses it. */
  readonly clientVersion?: 2 | 4 | undefined;
}

/**
 * A user's flow ended at a failed step whose successors depend on it: the metric of that step and how many steps
 * were left unrun (counted and shown, never silently dropped).
 */
export interface Stopped {
  readonly metric: string;
  readonly skipped: number;
}

export interface VirtualUser {
  readonly vu: number;
  readonly socket: VolleySocket;
  readonly measurements: Measurements;
  readonly overrides: FlowOverrides;
  /** Wall-clock ms when this user began to connect: pushes stamped earlier are replays of the past. */
  readonly connectingSince: number;
  /** How this user connected: a `socket` step's second connection starts from it. */
  readonly connection: ConnectSpec;
  /** Values captured from replies (`emitAck.capture`), for `{{capture.NAME}}`; shared with the user's other sockets. */
  readonly captured: Record<string, unknown>;
}

const micros = (fromMs: number) => (performance.now() - fromMs) * 1000;

/**
 * Runs a flow to its end, or to a failed step the rest depends on (`Stopped`, the steps after it counted); every
 * emit it makes is settled (delivered, errored or timed out) before it returns.
 */
export async function runFlow(user: VirtualUser, flow: readonly Step[]): Promise<Stopped | undefined> {
  for (const [i, step] of flow.entries()) {
    if (user.overrides.signal?.aborted) return undefined;
    const stopped = await runStep(user, step);
    if (stopped !== undefined) {
      return { metric: stopped.metric, skipped: stopped.skipped + stepCount(flow.slice(i + 1), user.vu) };
    }
  }
  return undefined;
}

/** One step; a failed capture or an awaited event that never came ends the flow (`Stopped`, nothing skipped yet). */
async function runStep(user: VirtualUser, step: Step): Promise<Stopped | undefined> {
  const stop = (metric: string) => ({ metric, skipped: 0 });
  if ("emit" in step) {
    user.socket.emit(step.emit.event, compiledArgs(step.emit.args)(first(user)));
  } else if ("emitAck" in step) {
    user.measurements.declare(step.emitAck.metric ?? `ack:${step.emitAck.event}`, "reply");
    const send = acker(user, step.emitAck);
    const ok = await new Promise<boolean>((resolve) => send(first(user), performance.now(), resolve));
    // A failed capture ends the flow: the steps after it would act on a value that does not exist.
    if (!ok && step.emitAck.capture !== undefined) return stop(step.emitAck.metric ?? `ack:${step.emitAck.event}`);
  } else if ("emitAwait" in step) {
    const e = awaited(user, step.emitAwait, first(user));
    user.measurements.declare(e.metric, "reply");
    const ok = await emitAwait(user.socket, user.measurements, e, performance.now());
    if (!ok && step.emitAwait.capture !== undefined) return stop(e.metric);
  } else if ("socket" in step) return onSecondSocket(user, step.socket);
  else if ("awaitEvent" in step) return awaitEvent(user, step.awaitEvent);
  else if ("subscribe" in step) subscribe(user, step.subscribe);
  else if ("openLoop" in step) await openLoop(user, step.openLoop);
  else if ("users" in step) {
    const { from, to, flow: only } = step.users;
    if (user.vu >= from && (to === undefined || user.vu < to)) return runFlow(user, only);
  } else if ("hold" in step) {
    const seconds = (user.overrides.durationSeconds ?? step.hold.durationSeconds) + step.hold.graceSeconds;
    await sleep(seconds * 1000, user.overrides.signal);
  } else await sleep(step.think, user.overrides.signal);
  return undefined;
}

/**
 * Templates compiled once per scenario step and shared by every user and message: an args array by identity (the
 * parsed scenario's own array), a text template by its string.
 */
const argsTemplates = new WeakMap<readonly unknown[], Template<unknown[]>>();
const textTemplates = new Map<string, Template>();

function compiledArgs(args: readonly unknown[]): Template<unknown[]> {
  let template = argsTemplates.get(args);
  if (template === undefined) {
    template = compile(args);
    argsTemplates.set(args, template);
  }
  return template;
}

function text(template: string, values: TemplateValues): string {
  let compiled = textTemplates.get(template);
  if (compiled === undefined) {
    compiled = compile(template);
    textTemplates.set(template, compiled);
  }
  return String(compiled(values));
}

/** The values a step outside a loop fills its templates with: sequence number 0. */
function first(user: VirtualUser): TemplateValues {
  return { vu: user.vu, seq: 0, captured: user.captured };
}

function awaited(user: VirtualUser, step: EmitAwaitStep, values: TemplateValues) {
  return {
    event: step.event,
    args: compiledArgs(step.args)(values),
    reply: text(step.reply, values),
    match: step.match === undefined ? undefined : text(step.match, values),
    metric: step.metric ?? `reply:${step.event}`,
    timeoutMs: step.timeoutMs,
    failure: (first: unknown) => replyFailure(user, step, first),
  };
}

/** Why a reply is not a success: its error field is set (its code and message), or a value to capture is missing. */
function replyFailure(user: VirtualUser, step: EmitAckStep | EmitAwaitStep, first: unknown): string | undefined {
  return (
    (step.errorField === undefined ? undefined : errorCause(first, step.errorField)) ??
    capture(user, step.capture, first)
  );
}

/**
 * A second connection of the same user (a shell's I/O namespace), its flow, then closed. A refused connection, or
 * a failed step inside, ends only the socket's flow (the rest of it counted as skipped): the user goes on, since the
 * steps after the socket (closing the shell) still apply.
 */
async function onSecondSocket(user: VirtualUser, step: SocketStep): Promise<undefined> {
  const { metric, flow, namespace, ...given } = step;
  const overrides = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
  const since = performance.now();
  const connectingSince = Date.now();
  const connection = {
    ...user.connection,
    ...overrides,
    ...(user.overrides.clientVersion === undefined ? {} : { clientVersion: user.overrides.clientVersion }),
    namespace: text(namespace, first(user)),
  };
  user.measurements.declare(metric, "connection");
  const opened = await openSocket(connection);
  if (!opened.ok) {
    user.measurements.failed(metric, "errored", opened.cause);
    user.measurements.skippedSteps(metric, stepCount(flow, user.vu), 0);
    return undefined;
  }
  user.measurements.delivered(metric, micros(since));
  opened.socket.onDrop((reason) => user.measurements.dropped(reason));
  try {
    const stopped = await runFlow({ ...user, socket: opened.socket, connectingSince, connection }, flow);
    if (stopped !== undefined) user.measurements.skippedSteps(stopped.metric, stopped.skipped, 0);
  } finally {
    opened.socket.close();
  }
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

/** Sends one message of a step: latency from `intendedAt` (performance.now() ms); `done` runs once it is settled. */
type Send = (values: TemplateValues, intendedAt: number, done: (ok: boolean) => void) => void;

/**
 * Acked emits of one step, each settled exactly once and `done(true)` when delivered. Captured values are kept on
 * the user; a reply without one is errored `capture_missing`. The metric name and templates are resolved here once,
 * not per message.
 */
function acker(user: VirtualUser, step: EmitAckStep): Send {
  const metric = step.metric ?? `ack:${step.event}`;
  const args = compiledArgs(step.args);
  const { measurements } = user;
  return (values, intendedAt, done) => {
    measurements.waiting(1);
    user.socket.emitAck(step.event, args(values), step.timeoutMs, (err, reply) => {
      measurements.waiting(-1);
      if (err instanceof AckTimeout) measurements.failed(metric, "timedOut", "ack_timeout");
      else if (err instanceof Disconnected) measurements.failed(metric, "errored", err.code);
      else if (err !== null) measurements.failed(metric, "errored", `client_error: ${oneLineCause(err.message)}`);
      else {
        const code = replyFailure(user, step, reply[0]);
        if (code === undefined) {
          measurements.delivered(metric, micros(intendedAt));
          return done(true);
        }
        measurements.failed(metric, "errored", code);
      }
      done(false);
    });
  };
}

/** Keeps the reply's values named in `capture`; an error code when one is missing (`false`, null, absent). */
function capture(
  user: VirtualUser,
  paths: Record<string, string | string[]> | undefined,
  first: unknown,
): string | undefined {
  for (const [name, path] of Object.entries(paths ?? {})) {
    const value = typeof path === "string" ? at(first, path) : path.map((p) => at(first, p)).find(isScalar);
    if (value === undefined || value === null || value === false) return "capture_missing";
    user.captured[name] = value;
  }
  return undefined;
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
    | { emitAwait: EmitAwaitStep }
    | { emit: { event: string; args: unknown[] } }
  ),
) {
  const rate = user.overrides.ratePerUser ?? step.rate;
  const total = Math.max(1, Math.round(rate * (user.overrides.durationSeconds ?? step.durationSeconds)));
  // The target send rate is this loop's rate while it schedules; messages still in flight after it do not count.
  user.measurements.scheduling(rate);
  const intervalMs = 1000 / rate;
  // Users start together; a random phase keeps them from sending in lockstep bursts.
  const start = performance.now() + Math.random() * intervalMs;
  const send = loopSender(user, step);
  // One values object for the whole loop: templates are filled synchronously, before the next message's seq is set.
  const values = { vu: user.vu, seq: 0, captured: user.captured };
  return new Promise<void>((resolve) => {
    let seq = 0;
    // Messages sent and not yet settled; the loop ends when scheduling has stopped and this reaches 0.
    let inFlight = 0;
    let scheduling = true;
    const settled = () => {
      inFlight -= 1;
      if (!scheduling && inFlight === 0) resolve();
    };
    const fire = () => {
      const now = performance.now();
      while (seq < total && start + seq * intervalMs <= now && !user.overrides.signal?.aborted) {
        values.seq = seq;
        inFlight += 1;
        user.measurements.sent();
        send(values, start + seq * intervalMs, settled);
        seq += 1;
      }
      if (seq < total && !user.overrides.signal?.aborted) setTimeout(fire, start + seq * intervalMs - now);
      else {
        scheduling = false;
        user.measurements.scheduling(-rate);
        if (inFlight === 0) resolve();
      }
    };
    setTimeout(fire, start - performance.now());
  });
}

/** How an open loop sends one message of its step; a plain emit is settled as soon as it is written. */
function loopSender(
  user: VirtualUser,
  step: { emitAck: EmitAckStep } | { emitAwait: EmitAwaitStep } | { emit: { event: string; args: unknown[] } },
): Send {
  if ("emitAck" in step) return acker(user, step.emitAck);
  if ("emitAwait" in step) {
    const { emitAwait: s } = step;
    return (values, intendedAt, done) =>
      void emitAwait(user.socket, user.measurements, awaited(user, s, values), intendedAt).then(done);
  }
  const { event } = step.emit;
  const args = compiledArgs(step.emit.args);
  const metric = `sent:${event}`;
  user.measurements.declare(metric, "sent");
  return (values, _intendedAt, done) => {
    user.socket.emit(event, args(values));
    user.measurements.delivered(metric);
    done(true);
  };
}

/**
 * Waits for one event. One that never comes ends the flow (Artillery ends a virtual user on a failed step too): the
 * steps after it assume the server did what the flow waited for (authenticated, joined), and would each wait out
 * their own timeout.
 */
function awaitEvent(
  user: VirtualUser,
  step: { event: string; metric?: string | undefined; timeoutMs: number; contains?: string | undefined },
): Promise<Stopped | undefined> {
  const metric = step.metric ?? `event:${step.event}`;
  const expected = step.contains === undefined ? undefined : text(step.contains, first(user));
  const since = performance.now();
  const { measurements } = user;
  measurements.declare(metric, "reply");
  measurements.waiting(1);
  return new Promise((resolve) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      measurements.waiting(-1);
      measurements.failed(metric, "timedOut", "event_timeout");
      resolve({ metric, skipped: 0 });
    }, step.timeoutMs);
    user.socket.on(step.event, (first: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      measurements.waiting(-1);
      // A shell's backlog on connect must hold what was typed before: the text the scenario expects in it.
      if (expected !== undefined && !payloadText(first).includes(expected))
        measurements.failed(metric, "errored", "unexpected_payload");
      else measurements.delivered(metric, micros(since));
      resolve(undefined);
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
    fanOut: boolean;
  },
): void {
  const metric = step.metric ?? `push:${step.event}`;
  const replay = `${metric}:replay`;
  const fanOut = step.fanOut && step.sentAtField !== undefined && step.sequenceField !== undefined;
  if (fanOut) user.measurements.fanOut.receiverJoined(step.sequenceStart);
  let last = step.sequenceStart === undefined ? undefined : step.sequenceStart - 1;
  user.socket.on(step.event, (first: unknown) => {
    const fields = readFields(step.jsonAt === undefined ? first : parseJsonAt(first, step.jsonAt), step.parse);
    const seq = step.sequenceField === undefined ? Number.NaN : sequenceOf(at(fields, step.sequenceField));
    // The sender numbers every message of a fan-out stream: a push without a number is not one of them (another
    // client's, a server's beacon). Counted apart, or the receivers' count would not be sends x receivers.
    if (fanOut && !Number.isInteger(seq)) {
      user.measurements.declare(`${metric}:other`, "other");
      return user.measurements.delivered(`${metric}:other`);
    }
    const sentAt = step.sentAtField === undefined ? undefined : at(fields, step.sentAtField);
    const sentMs = typeof sentAt === "string" ? Date.parse(sentAt) : typeof sentAt === "number" ? sentAt : Number.NaN;
    // A stamp from `{{now}}` (sender in this process) has µs resolution; a server's wall-clock stamp only ms
    // (`clock.ts`). Entries written before the user connected are a replay (NestMTX replays 100 on connect):
    // counted under `<metric>:replay`, kept out of the live latency they would otherwise inflate.
    if (sentMs < user.connectingSince) {
      user.measurements.declare(replay, "replay");
      return user.measurements.delivered(replay);
    }
    const latency = Number.isNaN(sentMs) ? undefined : microsSince(sentMs);
    // A push without the fields the scenario reads (a foreign server's free-text log line) is still delivered;
    // what cannot be read from it is counted as not measured, never as lost or errored.
    if (step.sentAtField !== undefined && latency === undefined) user.measurements.unmeasured(metric, "latency");
    if (step.sequenceField !== undefined && !Number.isInteger(seq)) user.measurements.unmeasured(metric, "sequence");
    else if (step.sequenceField !== undefined) {
      if (fanOut && latency !== undefined) user.measurements.fanOut.arrived(seq, latency);
      if (last !== undefined && seq <= last) return user.measurements.reordered(metric, latency);
      if (last !== undefined && seq > last + 1)
        user.measurements.failed(metric, "lost", "sequence_gap", seq - last - 1);
      last = seq;
    }
    user.measurements.delivered(metric, latency);
  });
}

const isScalar = (v: unknown): boolean => typeof v === "string" || typeof v === "number";

/** A sequence number as sent: an integer, or its digits as text (`{{seq}}` inside a string); NaN otherwise. */
function sequenceOf(value: unknown): number {
  if (typeof value === "number") return value;
  return typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
}

function readFields(first: unknown, parse: "fields" | "antimony-log-line"): Record<string, unknown> {
  if (parse === "antimony-log-line") {
    const line = typeof first === "string" ? parseLogLine(first) : undefined;
    return line === undefined ? {} : { seq: line.seq, sentAtMs: line.sentAtMs };
  }
  return typeof first === "object" && first !== null ? (first as Record<string, unknown>) : {};
}

function parseJsonAt(first: unknown, path: string): unknown {
  return jsonIn(at(first, path), 3);
}

/**
 * The first JSON object held as text at `value` or in the strings of its fields, `depth` levels down: a chat
 * server may put the sent text as the message's `content`, or under a key of its own (`content.body`), and the
 * document only says the text is in the message.
 */
function jsonIn(value: unknown, depth: number): unknown {
  if (typeof value === "string") {
    try {
      const parsed: unknown = JSON.parse(value);
      return typeof parsed === "object" && parsed !== null ? parsed : undefined;
    } catch {
      // Not a message this scenario sent (another client's text): no fields, so no latency or sequence.
      return undefined;
    }
  }
  if (depth === 0 || typeof value !== "object" || value === null) return undefined;
  for (const inner of Object.values(value)) {
    const found = jsonIn(inner, depth - 1);
    if (found !== undefined) return found;
  }
  return undefined;
}
