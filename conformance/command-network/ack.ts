import { z } from "zod";
import { Mismatch, type Received, type SioClient } from "../index.js";
import { documentedAnswer } from "./documented.js";

/** What the server sent: its one argument, or all of them when it sent several, so a failure shows all of it. */
export const answerOf = (args: readonly unknown[]): unknown => (args.length === 1 ? args[0] : args);

/**
 * Emits one action with an ack and returns the ack parsed with `schema` (one of documented.ts: loose, so the parsed
 * value is the whole answer). A missing ack or one that does not fit stops the check with a Mismatch.
 */
export async function act<T>(client: SioClient, event: string, args: readonly unknown[], schema: z.ZodType<T>) {
  return ackOf(await client.emitAck(event, args), schema, `${client.name} ${event}`);
}

export function ackOf<T>(got: Received, schema: z.ZodType<T>, what: string): T {
  if (got.kind === "timeout") {
    throw new Mismatch({ title: `no ack to ${what}`, expected: "an ack", actual: `nothing within ${got.ms} ms` });
  }
  const parsed = schema.safeParse(got.args[0]);
  if (!parsed.success) {
    throw new Mismatch({
      title: `the ack to ${what} does not have the documented shape: ${z.prettifyError(parsed.error)}`,
      expected: z.toJSONSchema(schema, { unrepresentable: "any" }),
      actual: answerOf(got.args),
    });
  }
  return parsed.data;
}

/** REAL-SERVERS.md's failure: `{success: false, error: code}` (the message text is free). For `should` checks. */
export function expectFailure(ack: { success: boolean }, code: number, what: string): void {
  const error = ack.success ? undefined : (ack as { error?: unknown }).error;
  if (error !== code) {
    throw new Mismatch({
      title: `${what} is not answered ${code}`,
      expected: { success: false, error: code },
      actual: ack,
    });
  }
}

/**
 * Issues a command that can be done as asked. command-network.md names no answer to `command`, so none at all is
 * allowed, and any answer but a failure: the delivery is what the document describes, and the caller checks it.
 */
export async function issue(client: SioClient, args: readonly unknown[], what: string): Promise<void> {
  expectNotFailed(await client.emitAck("command", args), what);
}

/** A command's answer as `issue` takes it (for a caller that already has it): none, or anything but a failure. */
export function expectNotFailed(got: Received, what: string): void {
  if (got.kind === "timeout" || documentedAnswer.safeParse(got.args[0]).data?.success !== false) return;
  throw new Mismatch({
    title: `${what} fails`,
    expected: "a success, another answer or none",
    actual: answerOf(got.args),
  });
}

/** The ack must be a success, whatever else it carries. */
export function expectSuccess<A extends { success: boolean }>(
  ack: A,
  what: string,
): asserts ack is A & { success: true } {
  if (!ack.success) throw new Mismatch({ title: `${what} fails`, expected: { success: true }, actual: ack });
}

/**
 * Emits an action that must not be done and requires what the document allows for it: any answer but a success
 * (it names no failure form, code or message), or no answer at all. Returns what came, for a stricter check.
 */
export async function expectRefused(
  client: SioClient,
  event: string,
  args: readonly unknown[],
  what: string,
): Promise<Received> {
  const got = await client.emitAck(event, args);
  if (got.kind === "event" && documentedAnswer.safeParse(got.args[0]).data?.success === true) {
    throw new Mismatch({
      title: `${what} is done, not refused`,
      expected: "a failure ({success: false, ...}) or no answer",
      actual: answerOf(got.args),
    });
  }
  return got;
}
