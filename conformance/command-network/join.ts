import { getIdAckSchema, registerAckSchema } from "../../protocols/command-network/index.js";
import type { ClientFactory, SioClient } from "../index.js";
import { act, expectSuccess } from "./ack.js";

/** A new connection registered under `name` (command-network.md § Theory: "a client must register"). */
export async function joinAs(clients: ClientFactory, name: string): Promise<SioClient> {
  const client = await clients.connect({ namespace: "/" });
  const ack = await act(client, "register", [{ name }], registerAckSchema);
  expectSuccess(ack, `register ${JSON.stringify(name)}`);
  return client;
}

/** The id of `appName`, or of the caller itself without one (REAL-SERVERS.md: `get_id({appName?}, ack)`). */
export async function idOf(client: SioClient, appName?: string): Promise<string> {
  const ack = await act(client, "get_id", [appName === undefined ? {} : { appName }], getIdAckSchema);
  expectSuccess(ack, `get_id ${appName ?? "(own)"}`);
  return ack.id;
}

/** One registered connection per label, in order (so transcripts number them c1, c2, ... the same way each run). */
export async function joinAll<const L extends readonly string[]>(
  clients: ClientFactory,
  names: (label: string) => string,
  labels: L,
): Promise<{ -readonly [K in keyof L]: SioClient }> {
  const joined: SioClient[] = [];
  for (const label of labels) joined.push(await joinAs(clients, names(label)));
  return joined as { -readonly [K in keyof L]: SioClient };
}
