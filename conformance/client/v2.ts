import ioV2, { type SocketV2 } from "socket.io-client-v2";
import { type TlsSettings, tlsClientOptions } from "../../clients/tls.js";
import { type ConnectRequest, earlyBuffer, rawSocket } from "./sio-client.js";
import type { RawConnect } from "./v4.js";

/** socket.io-client 2 has no onAny; its Socket hands every incoming EVENT packet to `onevent` (lib/socket.js). */
type EventPacketHook = SocketV2 & { onevent(packet: { data?: unknown[] }): void };

/**
 * Opens a Socket.IO 2.x connection (Engine.IO 3). The 2.x protocol has no `auth` payload, so its entries travel
 * as query parameters (non-strings JSON-encoded), which is where the 2.x servers behind the documents read tokens.
 * Trap: the 2.x client treats some event names as its own (`ping`, `pong`, `connect`, `error`, `reconnect`...) and
 * emits them locally instead of sending them.
 */
export function connectV2(
  baseUrl: string,
  req: ConnectRequest,
  timeoutMs: number,
  tls: TlsSettings,
): Promise<RawConnect> {
  const query: Record<string, string> = { ...req.query };
  for (const [k, v] of Object.entries(req.auth ?? {})) query[k] = typeof v === "string" ? v : JSON.stringify(v);
  const socket = ioV2(baseUrl + req.namespace, {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    timeout: timeoutMs,
    query,
    extraHeaders: { ...req.headers },
    // engine.io-client 3 hands these to `ws` for the WebSocket transport, as engine.io-client 6 does.
    ...tlsClientOptions(tls),
  }) as EventPacketHook;
  // Listen before `connect` (see v4.ts).
  const incoming = earlyBuffer();
  const original = socket.onevent.bind(socket);
  socket.onevent = (packet) => {
    const [event, ...args] = packet.data ?? [];
    incoming.push(String(event), args);
    original(packet);
  };
  socket.on("disconnect", (reason) => incoming.push("disconnect", [reason]));
  return new Promise((resolve) => {
    const fail = (reason: "refused" | "unreachable" | "timeout", message: string, data?: unknown) => {
      clearTimeout(timer);
      socket.close();
      resolve({ ok: false, reason, message, data });
    };
    const timer = setTimeout(
      () => fail("timeout", `no connection to ${req.namespace} within ${timeoutMs} ms`),
      timeoutMs,
    );
    // 2.x reports a middleware refusal as `error` with the server's message (or its error's data object).
    const onError = (err: unknown) => {
      const message = typeof err === "string" ? err : err instanceof Error ? err.message : JSON.stringify(err);
      fail("refused", message, typeof err === "object" && !(err instanceof Error) ? err : undefined);
    };
    const onConnectError = (err: unknown) => fail("unreachable", err instanceof Error ? err.message : String(err));
    socket.once("error", onError);
    socket.once("connect_error", onConnectError);
    socket.once("connect", () => {
      clearTimeout(timer);
      // Once connected, a later `error` is the check's business (it shows in the transcript), not a refusal.
      socket.off("error", onError);
      socket.off("connect_error", onConnectError);
      resolve({ ok: true, raw: rawSocket(socket, incoming) });
    });
  });
}
