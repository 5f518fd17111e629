import type { Server } from "socket.io";
import {
  APPLICATION_WILDCARD,
  type Domain,
  type DomainEvent,
  domainWildcard,
  type StatusUpdate,
  topic,
} from "../../protocols/nestmtx/index.js";

/** Sockets that connected with a valid token: the only ones that get status updates and logs (D7). */
export const AUTHENTICATED_ROOM = "authenticated";

/**
 * Emits one status update on `<domain>:<event>`, `<domain>:*` and `nestmtx:*` (nestmtx.md § Topic Format; the real
 * server omits `nestmtx:*`, REAL-SERVERS.md) to every authenticated socket.
 */
export function publisher(io: Server, withApplicationWildcard: boolean) {
  return <D extends Domain>(domain: D, event: DomainEvent<D>, entity: number | null, details: object = {}) => {
    const update = { domain, event, entity, details, at: new Date().toISOString() } as StatusUpdate;
    const room = io.to(AUTHENTICATED_ROOM);
    room.emit(topic(domain, event), update);
    room.emit(domainWildcard(domain), update);
    if (withApplicationWildcard) room.emit(APPLICATION_WILDCARD, update);
    return update;
  };
}
export type Publish = ReturnType<typeof publisher>;
