import { type ClientFactory, Mismatch, type Received, type SioClient } from "../index.js";
import { ackOf, answerOf, expectSuccess } from "./ack.js";
import { documentedAnswer, documentedIdAnswer } from "./documented.js";

/**
 * The check runs (by their client factory) whose target left a register unacknowledged: their later registers
 * ask get_id right behind the register instead of waiting out a reply timeout each (the model registers three
 * names per sequence). A factory is one check's, so what is learned here ends with the check.
 */
const registersUnacked = new WeakSet<ClientFactory>();

/**
 * Registers `client` as `name` or throws a Mismatch. command-network.md gives `register` no return value ("To
 * start, a client must register with the server with an app name"), so an ack is not required: without one within
 * the reply timeout, the registration is confirmed by get_id of oneself (§ Theory 1: "the current client's unique
 * identifier that is stored in the list of registered clients"), which a connection that did not register is
 * refused. An ack that carries a failure is a refusal.
 */
export async function registerName(clients: ClientFactory, client: SioClient, name: string, what: string) {
  const register = client.emitAck("register", [{ name }]);
  const got = registersUnacked.has(clients) ? await raceOwnId(client, register) : await register;
  if (got === "registered") return;
  if (got.kind === "event") return expectSuccess(ackOf(got, documentedAnswer, `${client.name} register`), what);
  const own = await client.emitAck("get_id", [{}]);
  if (!isOwnId(own)) {
    throw new Mismatch({
      title: `${what}: no ack within ${got.ms} ms, and get_id of oneself is not answered with an id after it`,
      expected: "a success ack, or get_id of oneself answered with an id",
      actual: own.kind === "timeout" ? `no ack to get_id within ${own.ms} ms` : answerOf(own.args),
    });
  }
  registersUnacked.add(clients);
}

/**
 * The register's ack, or "registered" when get_id of oneself, sent behind it, answers first with an id: a server
 * handles a connection's packets in order, so the register was handled, and it acks a failure before that answer.
 * A refused get_id (a register still under way) leaves the register's ack to wait for.
 */
async function raceOwnId(client: SioClient, register: Promise<Received>): Promise<Received | "registered"> {
  const own = client
    .emitAck("get_id", [{}])
    .then((r): Promise<Received | "registered"> | "registered" => (isOwnId(r) ? "registered" : register));
  return Promise.race([register, own]);
}

const isOwnId = (got: Received): boolean =>
  got.kind === "event" && documentedIdAnswer.safeParse(got.args[0]).data?.success === true;
