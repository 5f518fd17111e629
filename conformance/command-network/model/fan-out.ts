import { Mismatch, type SioClient } from "../../index.js";
import { type SentCommand, sameMeta } from "../deliveries.js";
import { type DocumentedDelivery, documentedDelivery } from "../documented.js";
import { nextMatching } from "../next-matching.js";
import { type NetReal, openSlots, who } from "./model.js";

/** The sequence's own commands already buffered by `client`, consumed, as delivered; other traffic is dropped. */
export async function takeBuffered(client: SioClient, prefix: string): Promise<DocumentedDelivery[]> {
  const ours: DocumentedDelivery[] = [];
  while ((await client.silence("command", 0)).kind === "event") {
    const got = await client.next("command", 0);
    const parsed = got.kind === "event" ? documentedDelivery.safeParse(got.args[0]) : undefined;
    if (parsed?.success && parsed.data.command.startsWith(prefix)) ours.push(parsed.data);
  }
  return ours;
}

/**
 * Fails when `client` holds a command of this sequence that the model did not send it; for a connection that never
 * registered, broadcasts are not strays (D1).
 */
export async function expectNoStray(client: SioClient, r: NetReal, why: string): Promise<void> {
  const unregistered = openSlots(r.model, r).unregistered.some((o) => o.client === client);
  const stray = (await takeBuffered(client, r.commandPrefix)).filter(
    (d) => !(unregistered && r.broadcasts.has(d.command)),
  );
  if (stray.length > 0) {
    throw new Mismatch({ title: `${who(r, client)} received a command ${why}`, expected: "no command", actual: stray });
  }
}

/**
 * After a command: every receiver gets it (and no other command of the sequence before it); every other open
 * connection holds none of the sequence's commands it should not have (expectNoStray).
 */
export async function expectFanOut(
  r: NetReal,
  sent: SentCommand,
  receivers: readonly SioClient[],
  others: readonly SioClient[],
): Promise<void> {
  for (const client of receivers) await awaitOnly(client, sent, r);
  for (const client of others) await expectNoStray(client, r, `meant for others (${sent.command})`);
}

/** The next command of the sequence `client` receives must be `sent`, with its meta, within the reply timeout. */
async function awaitOnly(client: SioClient, sent: SentCommand, r: NetReal): Promise<void> {
  const got = await nextMatching(client, "command", r.ctx.timeoutMs, (arg) => {
    const parsed = documentedDelivery.safeParse(arg);
    if (!parsed.success || !parsed.data.command.startsWith(r.commandPrefix)) return undefined;
    if (parsed.data.command !== sent.command) {
      throw new Mismatch({
        title: `${who(r, client)} received a command meant for others`,
        expected: { command: sent.command },
        actual: parsed.data,
      });
    }
    return parsed.data;
  });
  if (got === undefined) {
    throw new Mismatch({
      title: `${who(r, client)} did not receive ${sent.command}`,
      expected: { command: sent.command, meta: sent.meta ?? null },
      actual: `nothing within ${r.ctx.timeoutMs} ms`,
    });
  }
  if (!sameMeta(sent.meta, got.meta)) {
    throw new Mismatch({
      title: `${who(r, client)} received ${sent.command} with other meta than was sent`,
      expected: { command: sent.command, meta: sent.meta ?? null },
      actual: got,
    });
  }
}
