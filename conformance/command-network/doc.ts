import { commandNetworkProtocol } from "../../protocols/command-network/index.js";
import type { DocPointer } from "../index.js";

/** A section of command-network.md, as headed there. */
export const section = (heading: "Theory" | "Sending Commands" | "Receiving Commands" | "Other Functions") =>
  ({ file: commandNetworkProtocol.document, section: heading }) satisfies DocPointer;

/**
 * What the document leaves open and REAL-SERVERS.md settles (ack shapes, the `registered` and `client_disconnect`
 * events, the codes 440/441/450/480); protocols/command-network/DECISIONS.md marks each of these "Check: yes".
 */
export const realServer: DocPointer = {
  file: "REAL-SERVERS.md",
  section: "command-network.md — socket-central-server (Node, socket.io 2.2, shortid)",
};
