/**
 * The shape every API definition in protocols/<api>/ exports. It names each namespace and each event in both
 * directions, so that servers, checks and metrics can work from the same list (and keep metric labels bounded).
 */
export const API_NAMES = ["neoruntime", "command-network", "circles-chat", "nestmtx", "antimony"] as const;
export type ApiName = (typeof API_NAMES)[number];

/** The Socket.IO protocol generation the real server behind a document speaks (REAL-SERVERS.md). */
export type SocketIoGeneration = 2 | 4;

export interface NamespaceDefinition {
  /** A namespace path; `:name` marks a dynamic segment, as in `/logs/:labId`. */
  readonly pattern: string;
  /** Events a client may emit on this namespace. */
  readonly clientEvents: readonly string[];
  /** Events the server emits on this namespace. Dynamic event names (e.g. a NestMTX requestId) are not listed. */
  readonly serverEvents: readonly string[];
  /** The section of the API document this namespace comes from. */
  readonly doc: string;
}

export interface ProtocolDefinition {
  readonly name: ApiName;
  readonly title: string;
  /** The seed document, relative to shared/seeds/. */
  readonly document: string;
  readonly realServerSocketIo: SocketIoGeneration;
  readonly namespaces: readonly NamespaceDefinition[];
}

const segment = /:[A-Za-z]+/g;

/** Compiled once per pattern: the lookup runs for every event a server sends or receives. */
const compiled = new Map<string, RegExp>();

function patternRegExp(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (re === undefined) {
    const escaped = pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(segment, "[^/]+");
    re = new RegExp(`^${escaped}$`);
    compiled.set(pattern, re);
  }
  return re;
}

/** The pattern of the namespace a concrete name belongs to (`/logs/abc` -> `/logs/:labId`), or undefined. */
export function namespacePattern(protocol: ProtocolDefinition, name: string): NamespaceDefinition | undefined {
  return protocol.namespaces.find((ns) => patternRegExp(ns.pattern).test(name));
}

/** A RegExp that matches the concrete names of a namespace pattern, for `io.of(regexp)`. */
export function namespaceRegExp(pattern: string): RegExp {
  return patternRegExp(pattern);
}
