import type { Server, Socket } from "socket.io";
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

/**
 * Gives every namespace pattern of the API a connection series from the start, so dashboards and `label_values`
 * see each API and namespace before the first client arrives (a series that appears late hides its first rise).
 */
export function initialiseSeries(protocol: ProtocolDefinition, metrics: ServerMetrics): void {
  for (const { pattern: namespace } of protocol.namespaces) {
    metrics.connections.set({ api: protocol.name, namespace }, 0);
    metrics.connectionsTotal.inc({ api: protocol.name, namespace }, 0);
  }
}

/**
 * Counts connections, incoming events and outgoing events on every namespace, present and future. Outgoing events
 * are counted per receiving socket: socket.io notifies a socket's outgoing listeners for its own emits and for
 * every broadcast that reaches it, so a broadcast to N sockets counts N.
 */
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
