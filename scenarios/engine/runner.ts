import { openSocket, type VolleySocket } from "./client.js";
import type { Measurements } from "./measurements.js";
import type { Scenario } from "./scenario.js";
import { type FlowOverrides, runFlow } from "./virtual-user.js";

/** A run as `volley load` asks for it: `vus` users connected at once, sharing `rate` acked emits per second. */
export interface RunPlan {
  readonly target: string;
  readonly vus: number;
  /** Total acked emits per second across all users; undefined keeps each flow's own rate. */
  readonly rate?: number | undefined;
  readonly durationSeconds?: number | undefined;
  /** Ends the run early; every message already sent is still settled before `runScenario` resolves. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Runs `plan.vus` users of one scenario in this process and resolves when every user has finished its flow and
 * every message is settled. Connection failures are measured as metric `connect`, never thrown.
 */
export async function runScenario(scenario: Scenario, plan: RunPlan, measurements: Measurements): Promise<void> {
  const overrides: FlowOverrides = {
    ratePerUser: plan.rate === undefined ? undefined : plan.rate / plan.vus,
    durationSeconds: plan.durationSeconds,
    signal: plan.signal,
  };
  const ticker = setInterval(() => measurements.tick(), 1000);
  try {
    await runSetup(scenario, plan.target, measurements);
    await Promise.all(
      Array.from({ length: plan.vus }, (_, vu) => runUser(scenario, plan.target, vu, overrides, measurements)),
    );
    // Every receiver is done: a message some never got has no last receiver.
    measurements.fanOut.settle();
  } finally {
    clearInterval(ticker);
    measurements.tick();
  }
}

/** One virtual user: connect (measured as `connect`), run the flow, disconnect. */
export async function runUser(
  scenario: Scenario,
  target: string,
  vu: number,
  overrides: FlowOverrides,
  measurements: Measurements,
): Promise<void> {
  measurements.userStarted();
  let socket: VolleySocket | undefined;
  try {
    const since = performance.now();
    const connectingSince = Date.now();
    const spec = { url: target, ...scenario.volley };
    const connection = await openSocket(spec);
    if (!connection.ok) {
      measurements.failed("connect", "errored", connection.code);
      return;
    }
    measurements.delivered("connect", (performance.now() - since) * 1000);
    socket = connection.socket;
    // A connection that ends before the flow closes it is the target (or the network) going away: counted once
    // per user under `disconnect`, with the reason as the code; the engine does not reconnect.
    socket.onDrop((reason) => measurements.failed("disconnect", "errored", reason));
    await runFlow(
      { vu, socket, measurements, overrides, connectingSince, connection: spec, captured: {} },
      scenario.flow,
    );
  } finally {
    socket?.close();
    measurements.userEnded();
  }
}

/** The scenario's setup connections, one after another; what they measure goes into the same report. */
export async function runSetup(scenario: Scenario, target: string, measurements: Measurements): Promise<void> {
  for (const [i, setup] of scenario.setup.entries()) {
    await runUser({ ...scenario, volley: setup.volley, flow: setup.flow }, target, -1 - i, {}, measurements);
  }
}
