import { io, type ManagerOptions, type Socket, type SocketOptions } from "socket.io-client";
import ioV2, { type ConnectOptsV2, type SocketV2 } from "socket.io-client-v2";
import { afterEach } from "vitest";

/** Every awaited event in a test has a deadline: a missing reply fails the test instead of hanging it. */
export const REPLY_TIMEOUT_MS = 2_000;

const open = new Set<{ close(): unknown }>();

afterEach(() => {
  for (const s of open) s.close();
  open.clear();
});

/** A Socket.IO 4 client, connected (or refused) before it is returned; closed after the test. */
export async function connect(url: string, opts: Partial<ManagerOptions & SocketOptions> = {}): Promise<Socket> {
  const socket = io(url, { transports: ["websocket"], reconnection: false, forceNew: true, ...opts });
  open.add(socket);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no connection to ${url} within ${REPLY_TIMEOUT_MS} ms`)),
      REPLY_TIMEOUT_MS,
    );
    socket.once("connect", () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once("connect_error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
  return socket;
}

/** The error a refused connection gets (`connect_error`), or a failure if the connection is accepted. */
export async function refusal(url: string, opts: Partial<ManagerOptions & SocketOptions> = {}): Promise<Error> {
  try {
    const socket = await connect(url, opts);
    socket.close();
  } catch (err) {
    return err as Error;
  }
  throw new Error(`expected ${url} to refuse the connection, but it was accepted`);
}

/** A Socket.IO 2.x client (Engine.IO 3), as the older real servers' clients are; closed after the test. */
export async function connectV2(url: string, opts: ConnectOptsV2 = {}): Promise<SocketV2> {
  const socket = ioV2(url, { transports: ["websocket"], reconnection: false, forceNew: true, ...opts });
  open.add(socket);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no v2 connection to ${url}`)), REPLY_TIMEOUT_MS);
    socket.once("connect", () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once("error", (err: unknown) => {
      clearTimeout(timer);
      reject(err instanceof Error ? err : new Error(String(err)));
    });
  });
  return socket;
}

interface Listener {
  once(event: string, fn: (...args: unknown[]) => void): unknown;
  off(event: string, fn?: (...args: unknown[]) => void): unknown;
}

/** The arguments of the next `event` on a socket, or a failure after `ms`. */
export function next(socket: Listener, event: string, ms = REPLY_TIMEOUT_MS): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const onEvent = (...args: unknown[]) => {
      clearTimeout(timer);
      resolve(args);
    };
    const timer = setTimeout(() => {
      socket.off(event, onEvent);
      reject(new Error(`no "${event}" within ${ms} ms`));
    }, ms);
    socket.once(event, onEvent);
  });
}

/**
 * Resolves once nothing arrives on `event` for `ms`: the way to assert that a client does NOT receive something.
 * Fails with the payload if it does.
 */
export function silence(socket: Listener, event: string, ms = 300): Promise<void> {
  return new Promise((resolve, reject) => {
    const onEvent = (...args: unknown[]) => {
      clearTimeout(timer);
      reject(new Error(`expected no "${event}", got ${JSON.stringify(args)}`));
    };
    const timer = setTimeout(() => {
      socket.off(event, onEvent);
      resolve();
    }, ms);
    socket.once(event, onEvent);
  });
}

/** Emits and awaits the ack, with a deadline. */
export async function emitAck(socket: Socket, event: string, ...args: unknown[]): Promise<unknown> {
  return socket.timeout(REPLY_TIMEOUT_MS).emitWithAck(event, ...args);
}
