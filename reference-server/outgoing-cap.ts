import type { Server } from "socket.io";

/** The parts of an Engine.IO socket the cap reads; `writeBuffer` and the transport's `socket` are not typed public. */
interface EngineSocket {
  readonly id: string;
  readonly transport: { readonly name: string; readonly socket?: { bufferedAmount: number; terminate(): void } };
  readonly writeBuffer?: readonly { data?: unknown }[];
  on(event: "packetCreate", fn: (packet: { data?: unknown }) => void): void;
  close(discard?: boolean): void;
}

function sizeOf(data: unknown): number {
  if (typeof data === "string") return data.length;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}

/**
 * Bytes written for this client and not yet taken by it: the WebSocket's `bufferedAmount` (queued in ws and in the
 * kernel-refused part of the TCP stream) plus Engine.IO's own write buffer (packets waiting for a transport that is
 * not writable: a long-polling client that does not poll, a WebSocket mid-upgrade).
 */
export function unsentBytes(socket: EngineSocket): number {
  let bytes = socket.transport.name === "websocket" ? (socket.transport.socket?.bufferedAmount ?? 0) : 0;
  for (const packet of socket.writeBuffer ?? []) bytes += sizeOf(packet.data);
  return bytes;
}

/**
 * Disconnects any client whose unsent outgoing data, with the packet about to be queued, passes `capBytes`: a
 * client that stops reading (a slow consumer, or one that never reads at all) would otherwise make the server hold
 * everything sent to it, and a few such clients under a log flood grow the heap without limit. Checked on every
 * packet sent, the only time the buffer grows, before the packet is queued. A WebSocket is terminated at once (a
 * close handshake would queue behind the data it never reads); then the session is closed discarding its buffer,
 * synchronously, so that packets sent later in the same tick (a burst of backlogs) are dropped, not queued.
 */
export function capOutgoingBuffers(
  io: Server,
  capBytes: number,
  onCap: (socketId: string, bytes: number) => void,
): void {
  io.engine.on("connection", (raw: unknown) => {
    const socket = raw as EngineSocket;
    let capped = false;
    socket.on("packetCreate", (packet) => {
      if (capped) return;
      const bytes = unsentBytes(socket) + sizeOf(packet.data);
      if (bytes <= capBytes) return;
      capped = true;
      onCap(socket.id, bytes);
      if (socket.transport.name === "websocket") socket.transport.socket?.terminate();
      socket.close(true);
    });
  });
}
