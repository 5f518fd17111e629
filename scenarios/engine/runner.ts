import { type Arrival, arrivals } from "./arrivals.js";
import { type ConnectSpec, openSocket, type TlsOptions, type VolleySocket } from "./client.js";
import { plannedMessages, sendingUsers, stepCount } from "./flow-plan.js";
import type { Measurements } from "./measurements.js";
import type { Phase, Scenario } from "./scenario.js";
import { type FlowOverrides, runFlow } from "./virtual-user.js";

/** A run as `volley load` asks for it. */
export interface RunPlan {
  readonly target: string;
  /** Users connected at once at the start, unless `phases` is given. */
  readonly vus: number;
  /** Artillery `config.phases`: users arrive on this schedule instead of all `vus` at once. */
  readonly phases?: readonly Phase[] | undefined;
  /**
   * The target send rate: acked emits per second over the users that run an `openLoop`, shared equally among
   * them (receivers of a fan-out do not take a share); undefined keeps each flow's own rate.
   */
  readonly rate?: number | undefined;
  readonly durationSeconds?: number | undefined;
  /** Ends the run early; every message already sent is still settled before `runScenario` resolves. */
  readonly signal?: AbortSignal | undefined;
  /** The Socket.IO generation to speak, whatever the scenario says (the target was probed, or the flag forced it). */
  readonly clientVersion?: 2 | 4 | undefined;
  readonly tls?: TlsOptions | undefined;
}

/** Each sending user's share of `rate` when `users` users run `flow` (undefined: the flows' own rates). */
export function ratePerUser(flow: Scenario["flow"], rate: number | undefined, users: number): number | undefined {
  if (rate === undefined) return undefined;
  const senders = sendingUsers(flow, users);
  return senders === 0 ? undefined : rate / senders;
}

/**
 * Runs one scenario in this process: the setup, then the users as the plan lets them arrive, and resolves when
 * every user has finished its flow and every message is settled. Connection failures are measured as metric
 * `connect`, never thrown.
 */
export async function runScenario(scenario: Scenario, plan: RunPlan, measurements: Measurements): Promise<void> {
  const schedule = (): Generator<Arrival, number> =>
    plan.phases === undefined ? atOnce(plan.vus) : arrivals(plan.phases);
  let planned = 0;
  for (const it = schedule(); it.next().done !== true; ) planned += 1;
  const overrides: FlowOverrides = {
    ratePerUser: ratePerUser(scenario.flow, plan.rate, planned),
    durationSeconds: plan.durationSeconds,
    signal: plan.signal,
    clientVersion: plan.clientVersion,
  };
  const connection = { url: plan.target, tls: plan.tls, clientVersion: plan.clientVersion };
  const ticker = setInterval(() => measurements.tick(), 1000);
  try {
    await runSetup(scenario, connection, measurements);
    await arrive(schedule(), measurements, plan.signal, (vu) =>
      runUser(scenario, connection, vu, overrides, measurements),
    );
    // Every receiver is done: a message some never got has no last receiver.
    measurements.fanOut.settle();
  } finally {
    clearInterval(ticker);
    measurements.tick();
  }
}

function* atOnce(vus: number): Generator<Arrival, number> {
  for (let i = 0; i < vus; i++) yield { atMs: 0, maxVusers: undefined };
  return 0;
}

/**
 * Starts a user at each arrival's time (one timer for the next due arrival; a late timer starts every due user at
 * once) and resolves when the schedule is done and every started user has finished. An arrival while its phase's
 * `maxVusers` users run is skipped, as Artillery skips it; Ctrl-C stops the arrivals.
 */
function arrive(
  schedule: Iterator<Arrival, number>,
  measurements: Measurements,
  signal: AbortSignal | undefined,
  start: (vu: number) => Promise<void>,
): Promise<void> {
  const began = performance.now();
  const users: Promise<void>[] = [];
  return new Promise((resolve, reject) => {
    let next = schedule.next();
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      clearTimeout(timer);
      fire();
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    const fire = () => {
      const now = performance.now();
      while (next.done !== true && began + next.value.atMs <= now && signal?.aborted !== true) {
        const { maxVusers } = next.value;
        if (maxVusers !== undefined && measurements.activeUsers >= maxVusers) measurements.arrivalSkipped();
        else users.push(start(users.length));
        next = schedule.next();
      }
      if (next.done === true || signal?.aborted === true) {
        signal?.removeEventListener("abort", onAbort);
        Promise.all(users).then(() => resolve(), reject);
        return;
      }
      timer = setTimeout(fire, began + next.value.atMs - now);
    };
    fire();
  });
}

const TIMEOUT_CODES: ReadonlySet<string> = new Set(["timeout", "connect_timeout"]);

/** The cause of a planned message whose user could not connect. */
export const NOT_SENT = "not sent: the user never connected";

/** Where every connection of a run goes, whatever the scenario's own connection says. */
type Reach = Pick<RunPlan, "clientVersion" | "tls"> & { readonly url: string };

/** One virtual user: connect (measured as `connect`), run the flow, disconnect. */
export async function runUser(
  scenario: Scenario,
  reach: Reach | string,
  vu: number,
  overrides: FlowOverrides,
  measurements: Measurements,
): Promise<void> {
  measurements.userStarted();
  let socket: VolleySocket | undefined;
  try {
    const since = performance.now();
    const connectingSince = Date.now();
    const spec = connectSpec(scenario, typeof reach === "string" ? { url: reach } : reach);
    measurements.declare("connect", "connection");
    const connection = await openSocket(spec);
    if (!connection.ok) {
      // A connect the client gave up waiting for is a timeout (socket.io-client 4 says `timeout`, 2.x
      // `connect_timeout`), not a refusal: the server may be slow, not saying no.
      const timedOut = TIMEOUT_CODES.has(connection.code);
      measurements.failed("connect", timedOut ? "timedOut" : "errored", connection.cause);
      // The user never ran: its whole flow is skipped, and says so; the messages its loops planned are settled as
      // errored, never sent, so the outcomes still add up to the plan.
      measurements.skippedSteps("connect", stepCount(scenario.flow, vu), 1);
      const planned = plannedMessages(scenario.flow, vu, overrides.ratePerUser, overrides.durationSeconds);
      for (const [metric, n] of planned) measurements.failed(metric, "errored", NOT_SENT, n);
      return;
    }
    measurements.delivered("connect", (performance.now() - since) * 1000);
    socket = connection.socket;
    // A connection that ends before the flow closes it is the target (or the network) going away: counted once
    // per user under `disconnect`, with the reason as the code; the engine does not reconnect.
    socket.onDrop((reason) => measurements.dropped(reason));
    const stopped = await runFlow(
      { vu, socket, measurements, overrides, connectingSince, connection: spec, captured: {} },
      scenario.flow,
    );
    if (stopped !== undefined) measurements.skippedSteps(stopped.metric, stopped.skipped, 1);
  } finally {
    socket?.close();
    measurements.userEnded();
  }
}

function connectSpec(scenario: Scenario, reach: Reach): ConnectSpec {
  return {
    url: reach.url,
    ...scenario.volley,
    ...(reach.clientVersion === undefined ? {} : { clientVersion: reach.clientVersion }),
    tls: reach.tls,
  };
}

/** The scenario's setup connections, one after another; what they measure goes into the same report. */
export async function runSetup(scenario: Scenario, reach: Reach | string, measurements: Measurements): Promise<void> {
  const overrides: FlowOverrides = typeof reach === "string" ? {} : { clientVersion: reach.clientVersion };
  for (const [i, setup] of scenario.setup.entries()) {
    if (setup.untilConnectsMs !== undefined) {
      const spec = connectSpec(
        { ...scenario, volley: setup.volley },
        typeof reach === "string" ? { url: reach } : reach,
      );
      await untilConnects(spec, setup.untilConnectsMs);
    }
    await runUser({ ...scenario, volley: setup.volley, flow: setup.flow }, reach, -1 - i, overrides, measurements);
  }
}

/**
 * Opens `spec` every 100 ms until it connects (then closes it) or `ms` have passed; the last refusal is then
 * counted by the setup's own connect. A poll, because nothing a client can await says the namespace is open.
 */
async function untilConnects(spec: ConnectSpec, ms: number): Promise<void> {
  const deadline = performance.now() + ms;
  for (;;) {
    const connection = await openSocket(spec);
    if (connection.ok) return connection.socket.close();
    if (performance.now() >= deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
