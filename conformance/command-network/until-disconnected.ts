import { setTimeout as sleep } from "node:timers/promises";
import { Mismatch, type SioClient } from "../index.js";
import { act, expectSuccess } from "./ack.js";
import { clientEntryOf, documentedClientsAnswer } from "./documented.js";
import { setUp } from "./setup.js";

/** Pause between two looks at the client list: the server handles a close within a few event-loop turns. */
const POLL_MS = 10;

/**
 * Waits until `observer` sees `name` listed with `connected: false` (command-network.md § Theory 5: a soft
 * disconnect keeps the client registered). Checks that follow a close need the server to have handled it first;
 * polling the list instead of awaiting `client_disconnect` keeps them to what the document says.
 */
export async function untilDisconnected(observer: SioClient, name: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    const ack = await act(observer, "get_clients", [], documentedClientsAnswer);
    expectSuccess(ack, "get_clients");
    last = ack;
    if (clientEntryOf(ack, name)?.connected === false) return;
    await sleep(POLL_MS);
  }
  throw new Mismatch({
    title: `get_clients does not show ${JSON.stringify(name)} disconnected after its connection closed`,
    expected: { clients: { [name]: { connected: false } } },
    actual: last,
  });
}

/** Set-up step "a closed client listed not connected", for checks that need the close handled first. */
export const afterDisconnect = (observer: SioClient, name: string, ms: number) =>
  setUp("softDisconnect", () => untilDisconnected(observer, name, ms));
