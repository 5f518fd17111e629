import { z } from "zod";
import { type Check, defineSuite, fail, pass } from "../../conformance/index.js";

/**
 * A suite over toy-crash-server.ts: two hostile checks listed first (each sends the input that kills the server)
 * and two documented behaviours after them. The runner runs the hostile ones last, so a crash cannot hide the
 * documented behaviours, and `--restart` lets the second hostile check measure a fresh server.
 */
const doc = (section: string) => ({ file: "toy.md", section });

const survives = (n: number): Check => ({
  id: `command-network.crash.survives-${n}`,
  level: "should",
  doc: doc("robustness"),
  title: "answers a bad payload instead of crashing",
  hostile: true,
  run: async (ctx) => {
    const client = await ctx.clients.connect({ namespace: "/" });
    const got = await client.emitAck("crash", [{ n }]);
    return got.kind === "event"
      ? pass()
      : fail({ title: "no answer to a bad payload", expected: "an ack", actual: `no ack within ${got.ms} ms` });
  },
});

const acks = (id: string, event: string, args: unknown[], expected: unknown): Check => ({
  id,
  level: "must",
  doc: doc(event),
  title: `acks ${event} with ${JSON.stringify(expected)}`,
  run: async (ctx) => {
    const client = await ctx.clients.connect({ namespace: "/" });
    const got = await client.emitAck(event, args);
    const actual = got.kind === "event" ? got.args[0] : `no ack within ${got.ms} ms`;
    return JSON.stringify(actual) === JSON.stringify(expected)
      ? pass()
      : fail({ title: `wrong ack to ${event}`, expected, actual });
  },
});

export const toyCrashSuite = defineSuite({
  api: "command-network",
  fixtures: z.object({}),
  checks: [
    survives(1),
    survives(2),
    acks("command-network.crash.hello", "hello", [], "hi"),
    acks("command-network.crash.echo", "echo", [{ x: 1 }], { x: 1 }),
  ],
});

export default toyCrashSuite;
