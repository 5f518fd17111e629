import fc from "fast-check";
import { z } from "zod";
import type { SioClient, Verdict } from "../../conformance/index.js";
import {
  arbitraryOf,
  defineSuite,
  fail,
  Mismatch,
  pass,
  runModel,
  runProperty,
  skip,
} from "../../conformance/index.js";

/**
 * A throwaway suite over the toy server (toy-server.ts), one check of each kind: a generated-input property, a
 * plain exchange, a model-based run, a `must` check that needs the token (skipped without it) and an auth check. Its ids borrow an API name because suites belong to one.
 */
const doc = (section: string) => ({ file: "toy.md", section });
const echoPayload = z.object({ text: z.string().max(40), n: z.int(), tags: z.array(z.enum(["a", "b"])).max(3) });

type CounterModel = { value: number };

class Incr implements fc.AsyncCommand<CounterModel, SioClient> {
  check = () => true;
  async run(m: CounterModel, c: SioClient) {
    const got = await c.emitAck("incr", []);
    m.value += 1;
    const actual = got.kind === "event" ? got.args[0] : "no ack";
    if (actual !== m.value) throw new Mismatch({ title: "incr acks the new count", expected: m.value, actual });
  }
  toString = () => "incr";
}

class Reset implements fc.AsyncCommand<CounterModel, SioClient> {
  check = () => true;
  async run(m: CounterModel, c: SioClient) {
    const got = await c.emitAck("reset", []);
    m.value = 0;
    const actual = got.kind === "event" ? got.args[0] : "no ack";
    if (actual !== 0) throw new Mismatch({ title: "reset acks 0", expected: 0, actual });
  }
  toString = () => "reset";
}

/** Whether `hello` is acked with "hi" on the client's namespace. */
async function saysHi(client: SioClient): Promise<Verdict> {
  const got = await client.emitAck("hello", []);
  if (got.kind === "timeout") {
    return fail({
      title: `no ack to hello on ${client.namespace}`,
      expected: "hi",
      actual: `no ack within ${got.ms} ms`,
    });
  }
  return got.args[0] === "hi"
    ? pass()
    : fail({ title: `wrong ack to hello on ${client.namespace}`, expected: "hi", actual: got.args[0] });
}

export const toySuite = defineSuite({
  api: "command-network",
  fixtures: z.object({ maxAddend: z.int().positive().default(20) }),
  checks: [
    {
      id: "command-network.toy.echo",
      level: "must",
      doc: doc("echo"),
      title: "acks every payload it is sent, unchanged",
      run: async (ctx) => {
        const client = await ctx.clients.connect({ namespace: "/" });
        return runProperty(ctx, arbitraryOf(echoPayload), async (payload) => {
          const got = await client.emitAck("echo", [payload]);
          const actual = got.kind === "event" ? got.args[0] : "no ack";
          if (JSON.stringify(actual) !== JSON.stringify(payload)) {
            throw new Mismatch({ title: "echo acks its payload", expected: payload, actual });
          }
        });
      },
    },
    {
      id: "command-network.toy.add",
      level: "must",
      doc: doc("add"),
      title: "acks the sum of a and b",
      run: (ctx) => {
        const addend = fc.integer({ min: 0, max: ctx.fixtures.maxAddend });
        return runProperty(ctx, fc.record({ a: addend, b: addend }), async (p) => {
          const client = await ctx.clients.connect({ namespace: "/" });
          const got = await client.emitAck("add", [p]);
          const actual = got.kind === "event" ? got.args[0] : "no ack";
          if (actual !== p.a + p.b) throw new Mismatch({ title: "add acks a + b", expected: p.a + p.b, actual });
        });
      },
    },
    {
      id: "command-network.toy.counter",
      level: "must",
      doc: doc("counter"),
      title: "counts increments per connection until reset",
      run: (ctx) =>
        runModel(ctx, {
          commands: [fc.constant(new Incr()), fc.constant(new Reset())],
          setup: async () => ({ model: { value: 0 }, real: await ctx.clients.connect({ namespace: "/" }) }),
        }),
    },
    {
      id: "command-network.toy.hello",
      level: "must",
      doc: doc("hello"),
      title: 'acks hello with "hi"',
      run: async (ctx) => saysHi(await ctx.clients.connect({ namespace: "/" })),
    },
    {
      id: "command-network.toy.private-hello",
      level: "must",
      doc: doc("private"),
      title: 'acks hello with "hi" on /private, connected with the token',
      run: async ({ credentials, clients }) =>
        credentials.token === undefined
          ? skip("no --token given")
          : saysHi(await clients.connect({ namespace: "/private", auth: { token: credentials.token } })),
    },
    {
      id: "command-network.toy.private-needs-token",
      level: "should",
      doc: doc("private"),
      title: "refuses /private without the token and accepts it with",
      run: async (ctx) => {
        const token = ctx.credentials.token;
        if (token === undefined) return skip("no --token given");
        const without = await ctx.clients.open({ namespace: "/private" });
        if (without.ok) return fail({ title: "accepted without a token", expected: "refused", actual: "connected" });
        const withToken = await ctx.clients.open({ namespace: "/private", auth: { token } });
        return withToken.ok
          ? pass()
          : fail({ title: "refused with the token", expected: "connected", actual: withToken.message });
      },
    },
  ],
});

export default toySuite;
