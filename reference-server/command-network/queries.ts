import type { Socket } from "socket.io";
import { failure, getIdRequestSchema } from "../../protocols/command-network/index.js";
import { answer, handleAction, type Network, parsePayload } from "./network.js";

/** command-network.md § Theory 1–3: get_id, get_clients and get_past_commands. */
export function handleQueries(net: Network, socket: Socket): void {
  handleAction(net, socket, "get_id", ({ data, ack }, caller) => {
    const req = parsePayload(getIdRequestSchema, data ?? {});
    if (!req.ok) return answer(net, ack, req.failure);
    // DECISIONS.md D8: no appName (or an empty one) means the caller itself, as in the real server.
    const registration = net.directory.lookup(req.value.appName || caller);
    answer(
      net,
      ack,
      registration === undefined ? failure("clientNotRegistered") : { success: true, id: registration.id },
    );
  });

  handleAction(net, socket, "get_clients", ({ ack }) => {
    answer(net, ack, { success: true, clients: net.directory.snapshot() });
  });

  handleAction(net, socket, "get_past_commands", ({ ack }) => {
    answer(net, ack, { success: true, commands: net.history.list() });
  });
}
