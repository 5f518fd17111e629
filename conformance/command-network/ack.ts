import { z } from "zod";
import type { FailureAck } from "../../protocols/command-network/index.js";
import { Mismatch, type Received, type SioClient } from "../index.js";

/**
 * Emits one action with an ack and returns the ack parsed with the protocol's schema. A missing ack or one that
 * does not fit the schema (extra fields are fine) stops the check with a Mismatch.
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
      actual: got.args[0],
    });
  }
  return parsed.data;
}

/** The ack must be `{success: false, error: code}` (REAL-SERVERS.md; the message text is free). */
export function expectFailure(ack: { success: boolean }, code: number, what: string): void {
  const error = ack.success ? undefined : (ack as FailureAck).error;
  if (error !== code) {
    throw new Mismatch({
      title: `${what} is not answered ${code}`,
      expected: { success: false, error: code },
      actual: ack,
    });
  }
}

/** The ack must be a success, whatever else it carries. */
export function expectSuccess<A extends { success: boolean }>(
  ack: A,
  what: string,
): asserts ack is A & { success: true } {
  if (!ack.success) throw new Mismatch({ title: `${what} fails`, expected: { success: true }, actual: ack });
}
