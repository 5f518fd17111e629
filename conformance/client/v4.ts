import { io } from "socket.io-client";
import { type TlsSettings, tlsClientOptions } from "../../clients/tls.js";
import { type ConnectRequest, earlyBuffer, type RawSocket, rawSocket } from "./sio-client.js";

export type RawConnect =
  | { readonly ok: true; readonly raw: RawSocket }
  | {
      readonly ok: false;
      readonly reason: "refused" | "unreachable" | "timeout";
      readonly message: string;
      readonly data?: unknown;
    };

/** Opens a Socket.IO 4 connection (Engine.IO 4) over WebSocket, without reconnection: one attempt, one answer. */
export function connectV4(
  baseUrl: string,
  req: ConnectRequest,
  timeoutMs: number,
  tls: TlsSettings,
): Promise<RawConnect> {
  const socket = io(baseUrl + req.namespace, {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    timeout: timeoutMs,
    auth: { ...req.auth },
    query: { ...req.query },
    extraHeaders: { ...req.headers },
    ...tlsClientOptions(tls),
  });
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.close();
      resolve({ ok: false, reason: "timeout", message: `no connection to ${req.namespace} within ${timeoutMs} ms` });
    }, timeoutMs);
    const onConnectError = (err: Error & { type?: string; data?: unknown }) => {
      clearTimeout(timer);
      socket.close();
      // A middleware refusal carries the server's message; a transport failure has type "TransportError".
      const unreachable = err.type === "TransportError";
      resolve({ ok: false, reason: unreachable ? "unreachable" : "refused", message: err.message, data: err.data });
    };
    socket.once("connect_error", onConnectError);
    // Listen before `connect`: a server that emits on connection (a backlog) can have its event handled in the
    // same tick as the connect packet, before whoever awaits this promise could attach a listener.
    const incoming = earlyBuffer();
    socket.onAny((event: string, ...args: unknown[]) => incoming.push(event, args));
    socket.on("disconnect", (reason) => incoming.push("disconnect", [reason]));
    socket.once("connect", () => {
      clearTimeout(timer);
      socket.off("connect_error", onConnectError);
      resolve({ ok: true, raw: rawSocket(socket, incoming) });
    });
  });
}
