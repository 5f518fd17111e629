import { FANOUT_FIRST, FANOUT_LAST } from "../engine/fan-out.js";
import type { Scenario, Step } from "../engine/scenario.js";

/**
 * Every metric name a run of `scenario` can report, read from its steps with the engine's default names
 * (scenarios/engine/virtual-user.ts and runner.ts): a budget naming anything else can never be met, so it is a
 * configuration error found before the run. test/scenarios/budgets/scenario-metrics.test.ts holds the engine to it.
 */
export function scenarioMetrics(scenario: Scenario): Set<string> {
  // Every user and setup connection is measured as `connect`; one that drops is counted under `disconnect`.
  const names = new Set(["connect", "disconnect"]);
  const walk = (steps: readonly Step[]) => {
    for (const step of steps) {
      if ("emitAck" in step) names.add(step.emitAck.metric ?? `ack:${step.emitAck.event}`);
      else if ("emitAwait" in step) names.add(step.emitAwait.metric ?? `reply:${step.emitAwait.event}`);
      else if ("awaitEvent" in step) names.add(step.awaitEvent.metric ?? `event:${step.awaitEvent.event}`);
      else if ("subscribe" in step) {
        const metric = step.subscribe.metric ?? `push:${step.subscribe.event}`;
        // Pushes stamped before the user connected are a replay, counted apart from the live ones.
        names.add(metric).add(`${metric}:replay`);
        // A fan-out stream's pushes that are not the sender's messages are counted apart too (`<metric>:other`).
        if (step.subscribe.fanOut) names.add(FANOUT_FIRST).add(FANOUT_LAST).add(`${metric}:other`);
      } else if ("openLoop" in step) {
        const loop = step.openLoop;
        if ("emitAck" in loop) names.add(loop.emitAck.metric ?? `ack:${loop.emitAck.event}`);
        else if ("emitAwait" in loop) names.add(loop.emitAwait.metric ?? `reply:${loop.emitAwait.event}`);
        else names.add(`sent:${loop.emit.event}`);
      } else if ("users" in step) walk(step.users.flow);
      else if ("socket" in step) {
        names.add(step.socket.metric);
        walk(step.socket.flow);
      }
    }
  };
  for (const setup of scenario.setup) walk(setup.flow);
  walk(scenario.flow);
  return names;
}
