import type { Socket } from "socket.io-client";
import type { SocketV2 } from "socket.io-client-v2";
import { connect, connectV2, emitAck, REPLY_TIMEOUT_MS } from "../../support/client.js";
import { startTestApi } from "../../support/server.js";

export type StartOptions = Parameters<typeof startTestApi>[1];

/** A command-network server on a free port with the built-in fixtures (unless given). */
export async function startNetwork(opts: StartOptions = {}): Promise<string> {
  return (await startTestApi("command-network", opts)).url;
}

/** A Socket.IO 4 client connected and registered under `name`. */
export async function registered(url: string, name: string): Promise<Socket> {
  const socket = await connect(url);
  const res = await emitAck(socket, "register", { name });
  if ((res as { success?: unknown }).success !== true) throw new Error(`register ${name}: ${JSON.stringify(res)}`);
  return socket;
}

/** Emits on a 2.x client (which has no emitWithAck) and awaits the ack, with a deadline. */
export function emitAckV2(socket: SocketV2, event: string, ...args: unknown[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ack for "${event}" within ${REPLY_TIMEOUT_MS} ms`)),
      REPLY_TIMEOUT_MS,
    );
    socket.emit(event, ...args, (res: unknown) => {
      clearTimeout(timer);
      resolve(res);
    });
  });
}

/** A Socket.IO 2.x client connected and registered under `name`. */
export async function registeredV2(url: string, name: string): Promise<SocketV2> {
  const socket = await connectV2(url);
  const res = await emitAckV2(socket, "register", { name });
  if ((res as { success?: unknown }).success !== true) throw new Error(`register ${name}: ${JSON.stringify(res)}`);
  return socket;
}

/** Resolves when the socket is disconnected (by the server), or fails after the deadline. */
export function disconnected(socket: Socket): Promise<void> {
  if (socket.disconnected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("still connected")), REPLY_TIMEOUT_MS);
    socket.once("disconnect", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
