import type { ErrorAck } from "./errors.js";
import type { LabCommandAck, LabCommandRequest } from "./lab-commands.js";
import type { LabUpdateEvent } from "./lab-updates.js";
import type { LogBacklog, LogLine } from "./logs.js";
import type { ShellCommandEvent } from "./shell-commands.js";
import type { ShellBacklog, ShellData } from "./shells.js";
import type { StatusMessageEvent } from "./status-messages.js";

/**
 * Typed event maps per namespace and direction, as socket.io's typed-events expects them
 * (`Namespace<ClientToServer, ServerToClient>` on a server, `Socket<ServerToClient, ClientToServer>` on a client).
 * Only two event names exist: `data` and `backlog` (REAL-SERVERS.md § antimony.md).
 */
// biome-ignore lint/complexity/noBannedTypes: a namespace the client never sends on has an empty event map.
export type NoEvents = {};

/** `/status-messages`, server → client. // antimony.md § Status Messages */
export interface StatusMessagesServerToClient {
  data: (event: StatusMessageEvent) => void;
}

/** `/lab-updates`, server → client. // antimony.md § Lab Updates */
export interface LabUpdatesServerToClient {
  data: (event: LabUpdateEvent) => void;
}

/** `/logs/<labId>` and `/logs/<labId>/<node>`, server → client. // antimony.md § Lab Log Streaming, § Node Log Streaming */
export interface LogsServerToClient {
  data: (line: LogLine) => void;
  backlog: (lines: LogBacklog) => void;
}

/**
 * `/lab-commands`, client → server. The request may also be JSON-encoded, as the real web client sends it.
 * // antimony.md § Lab Commands; REAL-SERVERS.md § antimony.md
 */
export interface LabCommandsClientToServer {
  data: (request: LabCommandRequest | string, ack: (reply: LabCommandAck) => void) => void;
}

/** `/shell-commands`, server → client. // antimony.md § Shell Commands */
export interface ShellCommandsServerToClient {
  data: (event: ShellCommandEvent) => void;
}

/** `/shells/<shellId>`, client → server: raw keystrokes; an ack, if given, only ever carries an error (D9). */
export interface ShellClientToServer {
  data: (keys: ShellData, ack?: (error: ErrorAck) => void) => void;
}

/** `/shells/<shellId>`, server → client. // antimony.md § Shell I/O */
export interface ShellServerToClient {
  data: (output: ShellData) => void;
  backlog: (chunks: ShellBacklog) => void;
}
