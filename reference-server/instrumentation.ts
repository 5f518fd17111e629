import type { Server, Socket } from "socket.io";
import { Adapter, type BroadcastOptions } from "socket.io-adapter";
import type { ServerMetrics } from "../metrics/server-metrics.js";
import { namespacePattern, type ProtocolDefinition } from "../protocols/protocol.js";

/**
 * Maps concrete namespace and event names to bounded metric labels: the namespace's pattern (`/logs/:labId`) and
 * the event name only when the protocol defines it. Hostile clients can send any event name; labels stay finite.
 */
export interface Labeller {
  namespace(name: string): string;
  incoming(namespace: string, event: string): string;
  outgoing(namespace: string, event: string): string;
}

export function labeller(protocol: ProtocolDefinition): Labeller {
  const known = (nsp: string, pick: "clientEvents" | "serverEvents", event: string, otherwise: string) => {
    const def = namespacePattern(protocol, nsp);
    return def?.[pick].includes(event) ? event : otherwise;
  };
  return {
    namespace: (name) => namespacePattern(protocol, name)?.pattern ?? "<unknown>",
    incoming: (nsp, event) => known(nsp, "clientEvents", event, "<unknown>"),
    outgoing: (nsp, event) => known(nsp, "serverEvents", event, "<dynamic>"),
  };
}

type Packet = { nsp: string; data?: unknown[] };

/** An in-memory adapter that counts every broadcast (room or namespace emit) before delivering it as usual. */
export function countingAdapter(onEmit: (namespace: string, event: string) => void): typeof Adapter {
  return class CountingAdapter extends Adapter {
    override broadcast(packet: Packet, opts: BroadcastOptions): void {
      const event = packet.data?.[0];
      if (typeof event === "string") onEmit(packet.nsp, event);
      super.broadcast(packet, opts);
    }
  };
}

/** Counts connections, incoming events and socket-level emits on every namespace, present and future. */
export function instrumentConnections(io: Server, api: string, metrics: ServerMetrics, labels: Labeller): void {
  const watch = (socket: Socket) => {
    const nsp = socket.nsp.name;
    const namespace = labels.namespace(nsp);
    metrics.connections.inc({ api, namespace });
    metrics.connectionsTotal.inc({ api, namespace });
    socket.onAny((event: string) => {
      metrics.eventsReceivedTotal.inc({ api, namespace, event: labels.incoming(nsp, event) });
    });
    socket.onAnyOutgoing((event: string) => {
      metrics.eventsEmittedTotal.inc({ api, namespace, event: labels.outgoing(nsp, event) });
    });
    socket.on("disconnect", () => metrics.connections.dec({ api, namespace }));
  };
  io.of("/").on("connection", watch);
  io.on("new_namespace", (nsp) => nsp.on("connection", watch));
}
