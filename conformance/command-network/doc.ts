import { commandNetworkProtocol } from "../../protocols/command-network/index.js";
import type { DocPointer } from "../index.js";

type Section = "Theory" | "Sending Commands" | "Receiving Commands" | "Other Functions";

/** The sentences of command-network.md the checks enforce, verbatim. */
export const said = {
  register: "To start, a client must register with the server with an app name.",
  keepTrack: "This allows the server to keep track of who is connecting and when.",
  actions: "Once a client is connected, it has five actions it can take:",
  getId: "`get_id` - Returns the current client's unique identifier that is stored in the list of registered clients.",
  getClients:
    "`get_clients` - Returns a list of registered clients with each `id`, `connection status`, and `last connection time`.",
  pastCommands: "`get_past_commands` - Returns a list of the past commands that have been issued by all clients.",
  command: "`command` - Issues a command that will be broadcast to a specific target or all registered clients.",
  disconnect: "`disconnect` - Soft disconnects the client.",
  targetNone: "`target` - If `None` then the command is broadcast to all clients.",
  targetArray:
    "If a value is set to an array, the command is only broadcast to clients registered with a name in the array.",
  mirror: "`mirror` - If this is `true` then the command will be sent back to the sender as well as all other clients.",
  meta: "`meta` - If the command requires parameters, they are passed through the `meta` argument.",
  getIdApp: "`getId` - Takes an appname and return the unique id of the app.",
} as const;

/**
 * What a `should` check also rests on (DocPointer.decision): REAL-SERVERS.md's facts about socket-central-server,
 * and DECISIONS.md items. The document itself names no event payload, code or ack shape.
 */
export const also = {
  newClient: "REAL-SERVERS: a new name acks newClient: true, a known disconnected name newClient: false",
  registered: "REAL-SERVERS: a successful register emits `registered`",
  code450: "REAL-SERVERS: a name already connected acks {success:false, error:450, message}",
  closes450: "REAL-SERVERS: the connection answered 450 is disconnected (D16)",
  holderKept: "REAL-SERVERS: a name already connected is refused (450), its holder keeps it",
  code480: "REAL-SERVERS: before registering, every action acks {success:false, error:480, message}",
  code440: "REAL-SERVERS: get_id of an unknown name acks {success:false, error:440}",
  pastFields: "REAL-SERVERS: past commands are {timestamp, source, target, command, meta}",
  stringTarget: "REAL-SERVERS: a string target names one client, with its result in the ack",
  perTarget: "REAL-SERVERS: a string or array of names targets those clients, with per-target results",
  target440: "REAL-SERVERS: per-target result 440 for a name not registered",
  target441: "REAL-SERVERS: per-target result 441 for a name not connected",
  notice: "REAL-SERVERS: on disconnect the server broadcasts client_disconnect {name, id}",
  registeredOnly: "D1: broadcasts reach registered connections only",
  withoutAck: "D6: an action without an ack is still performed",
  unknownEvent: "D15: unknown events are ignored",
} as const;

/** Where a check's expectation comes from: a section of command-network.md, its sentence, and what else it needs. */
export const doc = (section: Section, quote: string, decision?: string): DocPointer => ({
  file: commandNetworkProtocol.document,
  section,
  quote,
  ...(decision === undefined ? {} : { decision }),
});
