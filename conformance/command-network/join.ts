import type { ClientFactory, SioClient } from "../index.js";
import { act, expectSuccess } from "./ack.js";
import { type DocumentedId, documentedIdAnswer } from "./documented.js";
import { registerName } from "./register-name.js";
import { setUp } from "./setup.js";

/**
 * A new connection registered under `name` (command-network.md § Theory: "a client must register"); a departure is
 * a Mismatch. For the checks that own register; the others use `joinAs`.
 */
export async function registered(clients: ClientFactory, name: string): Promise<SioClient> {
  const client = await clients.connect({ namespace: "/" });
  await registerName(clients, client, name, `register ${JSON.stringify(name)}`);
  return client;
}

/** Set-up step "register": a new connection registered under `name`, or the check is blocked. */
export const joinAs = (clients: ClientFactory, name: string) => setUp("register", () => registered(clients, name));

/** get_id of `appName`, or of the caller itself without one (REAL-SERVERS.md: `get_id({appName?}, ack)`): the ack. */
export async function idAnswer(client: SioClient, appName?: string) {
  const ack = await act(client, "get_id", [appName === undefined ? {} : { appName }], documentedIdAnswer);
  expectSuccess(ack, `get_id ${appName ?? "(own)"}`);
  return ack;
}

/** The id of `appName`, or of the caller itself without one. */
export const idOf = async (client: SioClient, appName?: string): Promise<DocumentedId> =>
  (await idAnswer(client, appName)).id;

/** Set-up step "get_id of oneself", for checks that only need to know an id. */
export const ownIdOf = (client: SioClient) => setUp("ownId", () => idOf(client));

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
