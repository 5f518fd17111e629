import type { Server } from "socket.io";
import {
  APPLICATION_WILDCARD,
  type Domain,
  type DomainEvent,
  domainWildcard,
  type PublishRequest,
  type StatusUpdate,
} from "../../protocols/nestmtx/index.js";

/** Sockets that connected with a valid token: the only ones that get status updates and logs (D7). */
export const AUTHENTICATED_ROOM = "authenticated";

/**
 * Emits status updates on `<domain>:<event>`, `<domain>:*` and `nestmtx:*` (nestmtx.md § Topic Format; the real
 * server omits `nestmtx:*`, REAL-SERVERS.md) to every authenticated socket.
 */
export function publisher(io: Server, withApplicationWildcard: boolean) {
  const emit = (update: PublishRequest): StatusUpdate => {
    const stamped: StatusUpdate = { ...update, at: new Date().toISOString() };
    const room = io.to(AUTHENTICATED_ROOM);
    room.emit(`${stamped.domain}:${stamped.event}`, stamped);
    room.emit(domainWildcard(stamped.domain), stamped);
    if (withApplicationWildcard) room.emit(APPLICATION_WILDCARD, stamped);
    return stamped;
  };
  return {
    /** One update, already checked against the protocol (`POST /api/simulate`). */
    emit,
    publish: <D extends Domain>(domain: D, event: DomainEvent<D>, entity: number | null, details: object = {}) =>
      // The generic pairs domain and event for callers; the union type cannot follow it.
      emit({ domain, event, entity, details } as PublishRequest),
  };
}
export type Publisher = ReturnType<typeof publisher>;
