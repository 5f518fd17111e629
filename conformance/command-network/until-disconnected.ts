import { setTimeout as sleep } from "node:timers/promises";
import { getClientsAckSchema } from "../../protocols/command-network/index.js";
import { Mismatch, type SioClient } from "../index.js";
import { act, expectSuccess } from "./ack.js";

/** Pause between two looks at the client list: the server handles a close within a few event-loop turns. */
const POLL_MS = 10;

/**
 * Waits until `observer` sees `name` listed with `connected: false` (command-network.md § Theory 5: a soft
 * disconnect keeps the client registered). Checks that follow a close need the server to have handled it first;
 * polling the list instead of awaiting `client_disconnect` keeps them independent of that event's own check.
 */
export async function untilDisconnected(observer: SioClient, name: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    const ack = await act(observer, "get_clients", [], getClientsAckSchema);
    expectSuccess(ack, "get_clients");
    last = ack.clients[name];
    if (ack.clients[name]?.connected === false) return;
    await sleep(POLL_MS);
  }
  throw new Mismatch({
    title: `get_clients does not show ${JSON.stringify(name)} disconnected after its connection closed`,
    expected: { [name]: { connected: false } },
    actual: last === undefined ? `${name} not listed` : { [name]: last },
  });
}
