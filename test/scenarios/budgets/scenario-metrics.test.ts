import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { budgetFileSchema } from "../../../scenarios/budgets/budget-file.js";
import { scenarioMetrics } from "../../../scenarios/budgets/scenario-metrics.js";
import { scenarioSchema } from "../../../scenarios/engine/scenario.js";
import { readUnfilled } from "../../../src/cli/scenario-vars.js";

const scenarios = join(import.meta.dirname, "..", "..", "..", "scenarios");
const names = readdirSync(scenarios)
  .filter((f) => f.endsWith(".yml"))
  .map((f) => f.slice(0, -".yml".length));

// That every metric a real run reports is derived is checked on every scenario run (test/scenarios/scenario-file-run.ts).
describe("the metrics a scenario produces", () => {
  it("are named after each step's metric, or the engine's default name for its kind", () => {
    const scenario = scenarioSchema.parse({
      engine: "volley",
      setup: [{ flow: [{ emitAck: { event: "deploy" } }] }],
      flow: [
        { emitAwait: { event: "request", reply: "r" } },
        { awaitEvent: { event: "backlog", metric: "backlog" } },
        { subscribe: { event: "line" } },
        { subscribe: { event: "command", metric: "received", sentAtField: "t", sequenceField: "s", fanOut: true } },
        { users: { from: 1, flow: [{ openLoop: { rate: 1, durationSeconds: 1, emit: { event: "message" } } }] } },
        {
          socket: {
            namespace: "/shells/x",
            flow: [{ openLoop: { rate: 1, durationSeconds: 1, emitAck: { event: "k" } } }],
          },
        },
      ],
    });
    expect([...scenarioMetrics(scenario)].sort()).toEqual(
      [
        "ack:deploy",
        "ack:k",
        "backlog",
        "connect",
        "connect:socket",
        "disconnect",
        "fanout:first",
        "fanout:last",
        "push:line",
        "push:line:replay",
        "received",
        "received:other",
        "received:replay",
        "reply:request",
        "sent:message",
      ].sort(),
    );
  });

  it.each(names)("hold every metric %s's budgets file names, and the file names that scenario", (name) => {
    const budgets = budgetFileSchema.parse(JSON.parse(readFileSync(join(scenarios, `${name}.budgets.json`), "utf8")));
    const produced = new Set(
      readUnfilled(join(scenarios, `${name}.yml`)).scenarios.flatMap((s) => [...scenarioMetrics(s)]),
    );
    expect(budgets.scenario).toBe(name);
    expect(Object.keys(budgets.metrics).filter((m) => !produced.has(m))).toEqual([]);
  });
});
