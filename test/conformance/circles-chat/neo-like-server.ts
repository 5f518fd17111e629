import { createServer } from "node:http";
import { createRequire } from "node:module";
import { listenOnLoopback } from "../../support/loopback.js";

/** The part of a socket.io 2 server used here; socket.io-v2 ships no types. */
interface V2Socket {
  id: string;
  on(event: string, fn: (data: Record<string, unknown>) => void): void;
  emit(event: string, payload: unknown): void;
}
interface V2Io {
  on(event: "connection", fn: (socket: V2Socket) => void): void;
  close(): void;
}

/** Tokens of this stand-in: opaque strings naming user ids (the suite never reads claims). */
export const NEO_TOKENS = { alice: "neo-alice", bob: "neo-bob" } as const;
const USERS: Readonly<Record<string, number>> = { [NEO_TOKENS.alice]: 1, [NEO_TOKENS.bob]: 2 };

/**
 * A Socket.IO 2 server that forwards WebRTC messages the way REAL-SERVERS.md says the real Neo server does: on
 * `webrtc_forward` only, where circles-chat.md § Events Webrtc lists `webrtc_config`. Just enough to authenticate,
 * answer `webrtc_stun_info` and forward by `user_id`.
 */
export async function startNeoLikeServer(): Promise<{ url: string; close(): Promise<void> }> {
  const http = createServer();
  const io = (createRequire(import.meta.url)("socket.io-v2") as (h: typeof http) => V2Io)(http);
  const online = new Map<number, V2Socket>();
  io.on("connection", (socket) => {
    let me: number | undefined;
    socket.on("authenticate", (data) => {
      me = USERS[String(data?.token)];
      if (me === undefined) return socket.emit("error", "Invalid token");
      online.set(me, socket);
      socket.emit("success", "Authenticated");
    });
    socket.on("webrtc_stun_info", () => socket.emit("webrtc_config", [{ domain: "stun.test", ip: "", port: 3478 }]));
    socket.on("webrtc_forward", (data) => {
      const to = online.get(Number(data?.user_id));
      if (me === undefined || to === undefined) return socket.emit("error", "Destination not found");
      to.emit("webrtc_forward", { sender_id: me, is_device: false, content: data });
      socket.emit("success", "Message forwarded");
    });
  });
  return listenOnLoopback(http, io);
}
