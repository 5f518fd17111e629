import type { z } from "zod";
import { Mismatch, mutationsOf, runProperty, type SioClient, type Verdict } from "../index.js";
import { type Ctx, describeArrival, firstOf } from "./session.js";

/** Socket.IO's default `maxHttpBufferSize`: a server may close a connection that sends a bigger packet. */
const MAX_PACKET_BYTES = 1_000_000;

/** A value as the server decodes it: JSON, where `undefined` fields disappear (and a bare one is `null`). */
const onTheWire = (value: unknown): unknown => (value === undefined ? null : JSON.parse(JSON.stringify(value)));

/**
 * Sends `event` with every schema-rejected mutation of `valid` (wrong types, missing fields, hostile strings,
 * prototype keys) and requires an `error` emit, no `success` (circles-chat.md § Listened Channels: each channel
 * with parameters answers on "error" or "success"). A server may instead drop a connection whose packet exceeds
 * Socket.IO's buffer limit; the property then continues on a fresh connection.
 */
export function refusesBadInput(
  ctx: Ctx,
  open: () => Promise<SioClient>,
  event: string,
  schema: z.ZodType,
  valid: unknown,
): Promise<Verdict> {
  let client: SioClient | undefined;
  // A field set to `undefined` vanishes in JSON: such a mutation may arrive as a valid payload.
  const invalidOnTheWire = mutationsOf(schema, valid).filter((m) => !schema.safeParse(onTheWire(m.value)).success);
  return runProperty(ctx, invalidOnTheWire, async (mutation) => {
    client ??= await open();
    const sent = client;
    sent.emit(event, mutation.value);
    const answer = await firstOf(sent, ["error", "success", "disconnect"], ctx.timeoutMs);
    if (answer.event === "error") return;
    const dropped = answer.event === "disconnect";
    client = dropped ? undefined : client;
    if (dropped && (JSON.stringify(mutation.value)?.length ?? 0) > MAX_PACKET_BYTES) return;
    throw new Mismatch({
      title: `${event} with ${mutation.description} is answered on "error"`,
      expected: 'an emit on "error", the connection kept',
      actual: dropped ? "the server closed the connection" : describeArrival(answer),
    });
  });
}
