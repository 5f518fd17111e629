import fc from "fast-check";
import type { z } from "zod";
import { passwordHashSchema, scriptPathSchema, tokenSchema, usernameSchema } from "../../protocols/neoruntime/index.js";
import { Mismatch, mutationsOf, pass, runProperty, type SioClient, skip } from "../index.js";
import { type Ctx, doc, type NeoCheck, QUOTES } from "./doc.js";
import { FAILURE_SHAPE, loginOf, NO_LOGIN, outcomeOf, removeScripts, sha256Hex, signIn, statusOf } from "./session.js";

/** Socket.IO's default `maxHttpBufferSize`: a server may close a connection that sends a bigger packet (D20). */
const MAX_PACKET_BYTES = 1_000_000;

/** One bad call: the arguments sent (before the ack callback) and what was done to make them bad. */
interface BadCall {
  readonly description: string;
  readonly args: readonly unknown[];
}

/** The schema-rejected mutations of one argument, placed among otherwise valid arguments. */
const badArgument = (schema: z.ZodType, valid: unknown, place: (bad: unknown) => unknown[], what: string) =>
  mutationsOf(schema, valid).map((m): BadCall => ({ description: `${what}: ${m.description}`, args: place(m.value) }));

const oversized = (call: BadCall) => (JSON.stringify(call.args)?.length ?? 0) > MAX_PACKET_BYTES;

/**
 * Sends each bad call and requires `judge` to accept the answer; a connection the server closes is accepted only
 * for a packet over Socket.IO's buffer limit, and the property goes on with a fresh connection. Bad input must be
 * answered, not crash the server or hang the client (a `should`: robustness the document does not spell out).
 */
function refuses(
  id: string,
  event: string,
  calls: (ctx: Ctx) => fc.Arbitrary<BadCall>,
  judge: (ctx: Ctx, client: SioClient, call: BadCall) => Promise<void>,
  pointer: ReturnType<typeof doc>,
  title: string,
): NeoCheck {
  return {
    id: `neoruntime.bad-input.${id}`,
    level: "should",
    hostile: true,
    doc: pointer,
    title,
    run: async (ctx) => {
      const login = loginOf(ctx);
      if (login === undefined) return skip(NO_LOGIN);
      let client: SioClient | undefined;
      return runProperty(ctx, calls(ctx), async (call) => {
        client ??= await signIn(ctx, login);
        const sent = client;
        try {
          await judge(ctx, sent, call);
        } catch (err) {
          const dropped = (await sent.silence("disconnect", 0)).kind === "event";
          if (dropped) client = undefined;
          if (dropped && oversized(call)) return;
          if (dropped && err instanceof Mismatch)
            throw new Mismatch({
              ...err.failure,
              actual: `the server closed the connection (${event} ${call.description})`,
            });
          throw err;
        }
      });
    },
  };
}

/**
 * Resolves true when the server closes `client`'s connection. One watcher per client: the client hands an event
 * to the oldest waiter only, so a watcher per call would leave later calls blind. It ends with the check (abort).
 */
const closings = new WeakMap<SioClient, Promise<boolean>>();
function closed(client: SioClient): Promise<boolean> {
  let watch = closings.get(client);
  if (watch === undefined) {
    watch = client.silence("disconnect", 600_000).then((seen) => seen.kind === "event");
    closings.set(client, watch);
  }
  return watch;
}

/** `answer`, unless the server closes the connection first: then a Mismatch at once, not after the timeout. */
function orDropped<T>(client: SioClient, answer: Promise<T>): Promise<T> {
  const dropped = closed(client).then((yes) => {
    if (!yes) return new Promise<never>(() => {});
    throw new Mismatch({
      title: "bad input is answered",
      expected: "an answer",
      actual: "the server closed the connection",
    });
  });
  return Promise.race([answer, dropped]);
}

/** The ack of `event` with the call's arguments, which `accepts` must like. */
const acked =
  (event: string, expected: string, accepts: (ack: unknown, call: BadCall) => boolean) =>
  async (ctx: Ctx, client: SioClient, call: BadCall) => {
    const reply = await orDropped(client, client.emitAck(event, call.args, ctx.timeoutMs));
    const actual = reply.kind === "timeout" ? `no ack within ${reply.ms} ms` : reply.args[0];
    if (reply.kind === "event" && accepts(reply.args[0], call)) return;
    throw new Mismatch({ title: `${event} with ${call.description} is refused`, expected, actual });
  };

/** A non-string scriptPath is refused; a string that is no path may get either answer, so long as it is one. */
const scriptPathAnswer = (ack: unknown, call: BadCall) => {
  const outcome = outcomeOf(ack);
  return outcome !== undefined && (typeof call.args[0] === "string" || !outcome.res);
};

const pathCalls = () => badArgument(scriptPathSchema, "local/volley_bad_input", (bad) => [bad], "scriptPath");

export const badInputChecks: readonly NeoCheck[] = [
  refuses(
    "authenticate",
    "authenticate",
    (ctx) => {
      const user = ctx.credentials.user ?? "volley";
      const hash = sha256Hex(ctx.credentials.password ?? "volley");
      return fc.oneof(
        badArgument(usernameSchema, user, (bad) => [bad, hash], "username"),
        badArgument(passwordHashSchema, hash, (bad) => [user, bad], "password hash"),
      );
    },
    acked("authenticate", "false", (ack) => ack === false),
    doc("connect", QUOTES.tokenRefused, "D6, D20: what a malformed username or hash is (protocols' schemas)"),
    "acks authenticate with a malformed username or hash with false, and keeps serving",
  ),
  refuses(
    "authenticate-token",
    "authenticateToken",
    () => badArgument(tokenSchema, "volley-token", (bad) => [bad], "token"),
    acked("authenticateToken", "false", (ack) => ack === false),
    doc("connect", QUOTES.tokenRejected, "D6, D20: what a malformed token is (protocols' schemas)"),
    "acks authenticateToken with a malformed token with false, and keeps serving",
  ),
  refuses(
    "create",
    "NeoRuntime/Script/Create",
    pathCalls,
    async (ctx, client, call) => {
      await acked("NeoRuntime/Script/Create", FAILURE_SHAPE, scriptPathAnswer)(ctx, client, call);
      // A string the server took for a path: do not leave it behind.
      if (typeof call.args[0] === "string") await removeScripts(ctx, client, [call.args[0]]);
    },
    doc("create", QUOTES.failed, "D9: what a malformed scriptPath is"),
    "answers Script/Create with a malformed scriptPath with res false, and keeps serving",
  ),
  refuses(
    "delete",
    "NeoRuntime/Script/Delete",
    pathCalls,
    acked("NeoRuntime/Script/Delete", FAILURE_SHAPE, scriptPathAnswer),
    doc("delete", QUOTES.failed, "D9: what a malformed scriptPath is"),
    "answers Script/Delete with a malformed scriptPath with res false, and keeps serving",
  ),
  refuses(
    "select",
    "NeoRuntime/Script/Select",
    pathCalls,
    async (ctx, client, call) => {
      // D15: Select has no documented Return; the server must simply go on answering.
      client.emit("NeoRuntime/Script/Select", ...call.args);
      await orDropped(client, statusOf(ctx, client));
    },
    doc("select", QUOTES.select, "D15: Select has no Return; the server goes on answering"),
    "survives Script/Select with a malformed scriptPath and keeps answering",
  ),
  {
    id: "neoruntime.bad-input.unknown-event",
    level: "should",
    hostile: true,
    doc: doc("actions", QUOTES.action, "D21: events the document does not define are ignored"),
    title: "ignores an event the document does not define and keeps the connection usable",
    run: async (ctx) => {
      const login = loginOf(ctx);
      if (login === undefined) return skip(NO_LOGIN);
      const client = await signIn(ctx, login);
      client.emit("NeoRuntime/volley-unknown", JSON.parse('{"__proto__": {"polluted": true}}'), "x");
      await client.emitAck("NeoRuntime/volley-unknown-with-ack", [1], ctx.silenceMs);
      await statusOf(ctx, client);
      return pass();
    },
  },
];
