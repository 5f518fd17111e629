import { type Scenario, scenarioSchema } from "../../scenarios/engine/scenario.js";

/**
 * One sender and many receivers on the load server's `broadcast`: user 0 sends acked broadcasts `{n: seq, at: now}`
 * (metric `sent`) after the others subscribe to `broadcasted` (metric `received`, sequence `n`, send time `at`).
 * `subscribe` adds options to the receivers' subscription (e.g. `fanOut: true`).
 */
export function broadcastScenario(subscribe: Record<string, unknown> = {}): Scenario {
  return scenarioSchema.parse({
    engine: "volley",
    flow: [
      {
        users: {
          from: 1,
          flow: [
            {
              subscribe: {
                event: "broadcasted",
                metric: "received",
                sentAtField: "at",
                sequenceField: "n",
                ...subscribe,
              },
            },
            { hold: { durationSeconds: 1, graceSeconds: 1 } },
          ],
        },
      },
      {
        users: {
          to: 1,
          flow: [
            { think: 300 },
            {
              openLoop: {
                rate: 1,
                durationSeconds: 1,
                emitAck: { event: "broadcast", args: [{ n: "{{seq}}", at: "{{now}}" }], metric: "sent" },
              },
            },
          ],
        },
      },
    ],
  });
}
