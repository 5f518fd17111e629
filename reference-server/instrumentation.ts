import type { Counter } from "prom-client";
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
  const received = labelledChildren(metrics.eventsReceivedTotal, api);
  const emitted = labelledChildren(metrics.eventsEmittedTotal, api);
  const watch = (socket: Socket) => {
    const nsp = socket.nsp.name;
    const namespace = labels.namespace(nsp);
    metrics.connections.inc({ api, namespace });
    metrics.connectionsTotal.inc({ api, namespace });
    socket.onAny((event: string) => received(namespace, labels.incoming(nsp, event)).inc());
    socket.onAnyOutgoing((event: string) => emitted(namespace, labels.outgoing(nsp, event)).inc());
    socket.on("disconnect", () => metrics.connections.dec({ api, namespace }));
  };
  io.of("/").on("connection", watch);
  io.on("new_namespace", (nsp) => nsp.on("connection", watch));
}

/**
 * The counter's child for one (namespace, event) label pair, looked up once and kept: an outgoing broadcast counts
 * once per receiving socket, and prom-client would otherwise hash the label set on every increment. Bounded, since
 * both labels come from the protocol's finite lists.
 */
function labelledChildren(counter: Counter<"api" | "namespace" | "event">, api: string) {
  const children = new Map<string, { inc(): void }>();
  return (namespace: string, event: string) => {
    const key = `${namespace}\u0000${event}`;
    let child = children.get(key);
    if (child === undefined) {
      child = counter.labels({ api, namespace, event });
      children.set(key, child);
    }
    return child;
  };
}
