import type { Socket } from "socket.io";
import {
  type CommandAck,
  type CommandRequest,
  commandRequestSchema,
  type DeliveredCommand,
  failure,
  type TargetResult,
} from "../../protocols/command-network/index.js";
import { faultNames } from "./faults.js";
import {
  answer,
  handleAction,
  type Network,
  type NetworkSocket,
  oversized,
  parsePayload,
  REGISTERED_ROOM,
} from "./network.js";

/** command-network.md § Theory 4 and § Sending Commands: `command({command, meta, target, mirror}, ack)`. */
export function handleCommand(net: Network, socket: Socket): void {
  handleAction(net, socket, "command", ({ socket, data, ack }, caller) => {
    const req = parsePayload(commandRequestSchema, data);
    if (!req.ok) return answer(net, ack, req.failure);
    const meta = req.value.meta ?? null;
    // Each field is bounded, as past commands keep all three (DECISIONS.md D10).
    const tooBig =
      oversized(net, "command", req.value.command) ??
      oversized(net, "meta", JSON.stringify(meta)) ??
      oversized(net, "target", JSON.stringify(req.value.target ?? null));
    if (tooBig !== undefined) return answer(net, ack, tooBig);
    answer(net, ack, relay(net, caller, req.value, socket));
  });
}

/**
 * Records a valid command and delivers it: to every registered connection but the sender (all of them with
 * `mirror`), or to the named targets with a result per target. `sender` is absent for the simulated beacon.
 */
export function relay(net: Network, source: string, req: CommandRequest, sender?: NetworkSocket): CommandAck {
  const { command, meta = null, target = null } = req;
  net.history.add({ timestamp: Date.now(), source, target, command, meta });
  const delivered: DeliveredCommand = { command, meta };
  if (target === null) {
    broadcast(net, delivered, req.mirror === true, sender);
    return { success: true };
  }
  if (typeof target === "string") return deliver(net, target, delivered);
  // A name repeated in the array is delivered once (DECISIONS.md D9); no prototype, so any name is an own key.
  const targets: Record<string, TargetResult> = Object.create(null);
  for (const name of new Set(target)) {
    const result = deliver(net, name, delivered);
    if (!result.success) net.ctx.countError(result.error);
    targets[name] = result;
  }
  return { success: true, targets };
}

function broadcast(net: Network, delivered: DeliveredCommand, mirror: boolean, sender?: NetworkSocket): void {
  if (sender === undefined) {
    net.io.to(REGISTERED_ROOM).emit("command", delivered);
  } else if (net.ctx.faulty(faultNames.broadcastToUnregistered)) {
    (mirror ? net.io : sender.broadcast).emit("command", delivered);
  } else if (mirror || net.ctx.faulty(faultNames.senderEcho)) {
    net.io.to(REGISTERED_ROOM).emit("command", delivered);
  } else {
    sender.to(REGISTERED_ROOM).emit("command", delivered);
  }
}

/** REAL-SERVERS.md: 440 for a name never registered, 441 for one registered but not connected. */
function deliver(net: Network, name: string, delivered: DeliveredCommand): TargetResult {
  const registration = net.directory.lookup(name);
  if (registration === undefined) return failure("clientNotRegistered");
  if (!registration.connected) {
    return failure(net.ctx.faulty(faultNames.wrongNotConnectedCode) ? "clientNotRegistered" : "clientNotConnected");
  }
  registration.socket?.emit("command", delivered);
  return { success: true };
}
