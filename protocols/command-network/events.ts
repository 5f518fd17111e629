import type {
  ClientDisconnect,
  GetClientsAck,
  GetIdAck,
  GetIdRequest,
  RegisterAck,
  RegisterRequest,
} from "./clients.js";
import type { CommandAck, CommandRequest, DeliveredCommand, GetPastCommandsAck } from "./commands.js";

/**
 * What a client emits on the main namespace `/`, as socket.io's typed events: `io<ServerToClientEvents,
 * ClientToServerEvents>` on a client, `Server<ClientToServerEvents, ServerToClientEvents>` on a server.
 * command-network.md § Theory: register, then the five actions; the fifth, `disconnect`, is a reserved Socket.IO
 * event name and is done by closing the connection (DECISIONS.md D2).
 */
export interface ClientToServerEvents {
  register: (data: RegisterRequest, ack: (res: RegisterAck) => void) => void;
  get_id: (data: GetIdRequest, ack: (res: GetIdAck) => void) => void;
  get_clients: (ack: (res: GetClientsAck) => void) => void;
  get_past_commands: (ack: (res: GetPastCommandsAck) => void) => void;
  command: (data: CommandRequest, ack: (res: CommandAck) => void) => void;
}

/** What the server pushes on `/`. */
export interface ServerToClientEvents {
  /** REAL-SERVERS.md: emitted, without arguments, to a connection whose register succeeded. */
  registered: () => void;
  /** command-network.md § Receiving Commands. */
  command: (cmd: DeliveredCommand) => void;
  /** REAL-SERVERS.md: broadcast when a registered client's connection closes. */
  client_disconnect: (info: ClientDisconnect) => void;
}

type Names<T> = readonly (keyof T & string)[];

export const clientEventNames = [
  "register",
  "get_id",
  "get_clients",
  "get_past_commands",
  "command",
] as const satisfies Names<ClientToServerEvents>;

export const serverEventNames = [
  "registered",
  "command",
  "client_disconnect",
] as const satisfies Names<ServerToClientEvents>;
