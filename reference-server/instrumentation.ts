import type { Histogram } from "prom-client";
import type { Namespace, Server, Socket } from "socket.io";
import type { ServerMetrics } from "../metrics/server-metrics.js";
import { namespacePattern, type ProtocolDefinition } from "../protocols/protocol.js";
import { DurationBatch } from "./duration-batch.js";
import { EventTally, type TallySlot } from "./event-tally.js";

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
 * every broadcast that reaches it, so a broadcast to N sockets counts N. Event counts are tallied (EventTally);
 * the returned function adds them to the counters and must run before the registry is read.
 */
export function instrumentConnections(io: Server, api: string, metrics: ServerMetrics, labels: Labeller): () => void {
  const received = new EventTally(metrics.eventsReceivedTotal, api);
  const emitted = new EventTally(metrics.eventsEmittedTotal, api);
  // One cache per namespace instance: a socket's namespace never changes, and its sockets share the slots.
  const perNamespace = new WeakMap<Namespace, { incoming: SlotOf; outgoing: SlotOf }>();
  const slotsOf = (nsp: Namespace) => {
    let slots = perNamespace.get(nsp);
    if (slots === undefined) {
      const namespace = labels.namespace(nsp.name);
      slots = {
        incoming: slotCache(received, namespace, (event) => labels.incoming(nsp.name, event)),
        outgoing: slotCache(emitted, namespace, (event) => labels.outgoing(nsp.name, event)),
      };
      perNamespace.set(nsp, slots);
    }
    return slots;
  };
  const watch = (socket: Socket) => {
    const namespace = labels.namespace(socket.nsp.name);
    const { incoming, outgoing } = slotsOf(socket.nsp);
    metrics.connections.inc({ api, namespace });
    metrics.connectionsTotal.inc({ api, namespace });
    socket.onAny((event: string) => {
      incoming(event).n += 1;
    });
    socket.onAnyOutgoing((event: string) => {
      outgoing(event).n += 1;
    });
    socket.on("disconnect", () => metrics.connections.dec({ api, namespace }));
  };
  io.of("/").on("connection", watch);
  io.on("new_namespace", (nsp) => nsp.on("connection", watch));
  return () => {
    received.flush();
    emitted.flush();
  };
}

/**
 * The handler-duration batch of each (namespace, event) label pair, made once and kept: every connection registers
 * its handlers. `flush` hands every batch's durations to the histogram and must run before the registry is read.
 */
export function handlerDurations(histogram: Histogram<"api" | "namespace" | "event">, api: string) {
  const batches = new Map<string, DurationBatch>();
  return {
    of(namespace: string, event: string): DurationBatch {
      const key = `${namespace}\u0000${event}`;
      let batch = batches.get(key);
      if (batch === undefined) {
        batch = new DurationBatch(histogram.labels({ api, namespace, event }));
        batches.set(key, batch);
      }
      return batch;
    },
    flush(): void {
      for (const batch of batches.values()) batch.flush();
    },
  };
}

type SlotOf = (event: string) => TallySlot;

/**
 * The tally slot of an event name on one namespace. Only names the protocol defines are remembered by name: a
 * hostile client may send any number of made-up names, and NestMTX answers on per-request event names; those are
 * labelled `<unknown>`/`<dynamic>` and looked up by label each time.
 */
function slotCache(tally: EventTally, namespace: string, label: (event: string) => string): SlotOf {
  const known = new Map<string, TallySlot>();
  return (event) => {
    const cached = known.get(event);
    if (cached !== undefined) return cached;
    const name = label(event);
    const slot = tally.slot(namespace, name);
    if (name === event) known.set(event, slot);
    return slot;
  };
}
