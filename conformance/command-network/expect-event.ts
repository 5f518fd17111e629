import { Mismatch, type SioClient } from "../index.js";

/** The pushes REAL-SERVERS.md promises after a register: `registered` on success, the close after a 450. */
const missing = {
  registered: "no `registered` event after register",
  disconnect: "the connection answered 450 stays open",
} as const;

/** Waits for `event` on `client` within the reply timeout, or stops the check saying what did not happen. */
export async function expectEvent(client: SioClient, event: keyof typeof missing): Promise<void> {
  const got = await client.next(event);
  if (got.kind === "timeout") {
    throw new Mismatch({ title: missing[event], expected: event, actual: `nothing within ${got.ms} ms` });
  }
}
