import type { Namespace, Server, Socket } from "socket.io";

/** Why the guard stopped a CONNECT; also the `code` of `volley_server_errors_total`. */
export const CONNECT_REFUSALS = {
  duplicate_connect: "a second CONNECT for a namespace this connection has connected or is still connecting",
  namespace_cap: "a CONNECT past limits.maxNamespacesPerConnection",
} as const;

export type ConnectRefusal = keyof typeof CONNECT_REFUSALS;

/** The message a client refused at the cap gets in its `connect_error`. */
export const NAMESPACE_CAP_MESSAGE = "Too many namespaces on one connection";

/** socket.io 4.8 keeps the sockets whose middlewares still run here (not typed public): the pending connects. */
interface PendingAware {
  readonly _preConnectSockets: ReadonlyMap<string, Socket>;
}

const stillLive = (s: Socket) => s.connected || (s.nsp as unknown as PendingAware)._preConnectSockets.get(s.id) === s;

/**
 * Bounds what one Socket.IO connection (one Engine.IO session) may hold open. socket.io refuses a second CONNECT
 * for a namespace the connection has already joined (it closes the connection), but not one whose middlewares
 * (an async token check) are still running: 1,000 CONNECTs for one namespace on one WebSocket then became 1,000
 * sockets, each sent the namespace's backlog at once, and the server ran out of heap (issue 15). The guard treats
 * a pending connect like a connected one: a duplicate closes the connection, as socket.io does, and a connection
 * may have at most `maxNamespaces` namespaces connected or connecting; a CONNECT past that is refused with a
 * `connect_error`, and the connection's other namespaces are left alone.
 *
 * It is the first middleware of every namespace with a name; a child of a dynamic namespace copies its parent's
 * middlewares before the guard is added, so there the guard runs after the API's own checks (the cost is one token
 * check per duplicate, not one socket).
 */
export function guardConnections(
  io: Server,
  maxNamespaces: number,
  onRefuse: (refusal: ConnectRefusal, socket: Socket) => void,
): void {
  /** Per connection: the latest socket of each namespace it asked for; settled ones are pruned on the next CONNECT. */
  const claims = new WeakMap<object, Map<string, Socket>>();
  const guard = (socket: Socket, next: (err?: Error) => void) => {
    let mine = claims.get(socket.client);
    if (mine === undefined) {
      mine = new Map();
      claims.set(socket.client, mine);
    }
    for (const [name, s] of mine) if (!stillLive(s)) mine.delete(name);
    const name = socket.nsp.name;
    if (mine.has(name)) {
      onRefuse("duplicate_connect", socket);
      // Closing the Engine.IO session makes socket.io drop every connect of this client still in its middlewares.
      socket.conn.close();
      next(new Error(CONNECT_REFUSALS.duplicate_connect));
      return;
    }
    if (mine.size >= maxNamespaces) {
      onRefuse("namespace_cap", socket);
      next(new Error(NAMESPACE_CAP_MESSAGE));
      return;
    }
    mine.set(name, socket);
    next();
  };
  const install = (nsp: Namespace) => nsp.use(guard);
  install(io.of("/"));
  io.on("new_namespace", install);
}
