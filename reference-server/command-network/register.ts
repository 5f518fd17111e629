import type { Socket } from "socket.io";
import { failure, registerRequestSchema } from "../../protocols/command-network/index.js";
import { answer, handle, type Network, oversized, parsePayload, REGISTERED_ROOM } from "./network.js";

/** command-network.md § Theory: "a client must register with the server with an app name". */
export function handleRegister(net: Network, socket: Socket): void {
  handle(net, socket, "register", ({ socket, data, ack }) => {
    if (net.directory.nameOf(socket) !== undefined) return answer(net, ack, failure("alreadyRegistered"));
    const req = parsePayload(registerRequestSchema, data);
    if (!req.ok) return answer(net, ack, req.failure);
    const { name } = req.value;
    const tooBig = oversized(net, "name", name);
    if (tooBig !== undefined) return answer(net, ack, tooBig);

    const outcome = net.directory.register(name, socket, Date.now());
    if (outcome === "in-use") {
      // REAL-SERVERS.md: the ack goes out first, then this connection (not the name's holder) is closed.
      answer(net, ack, failure("clientAlreadyConnected"));
      socket.disconnect(true);
      return;
    }
    socket.join(REGISTERED_ROOM);
    socket.emit("registered");
    answer(net, ack, { success: true, newClient: outcome === "new" });
  });
}
