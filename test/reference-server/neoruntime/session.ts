import { createHash } from "node:crypto";
import type { Socket } from "socket.io-client";
import { expect } from "vitest";
import type { ClientToServerEvents, ServerToClientEvents } from "../../../protocols/neoruntime/index.js";
import type { ServerOptionsInput } from "../../../reference-server/options.js";
import { connect, REPLY_TIMEOUT_MS } from "../../support/client.js";
import { startTestApi } from "../../support/server.js";

/** A 4.x client typed with the NeoRuntime event maps: a misspelled event or a wrong ack fails to compile. */
export type NeoSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The demo fixtures' first user (reference-server/neoruntime/fixtures.ts). */
export const ADMIN = { username: "admin", password: "neopixel" } as const;

/** `CryptoJS.SHA256(password).toString()`, as the document's client computes it. */
export const sha256Hex = (text: string) => createHash("sha256").update(text).digest("hex");

export async function startNeoruntime(opts: { options?: ServerOptionsInput; fixtures?: unknown } = {}) {
  return (await startTestApi("neoruntime", opts)).url;
}

export async function connectNeo(url: string): Promise<NeoSocket> {
  return (await connect(url)) as unknown as NeoSocket;
}

/** Both steps of neoruntime.md § Connect on a fresh connection; returns the authenticated socket and its token. */
export async function login(url: string, user: { username: string; password: string } = ADMIN) {
  const socket = await connectNeo(url);
  const token = await socket
    .timeout(REPLY_TIMEOUT_MS)
    .emitWithAck("authenticate", user.username, sha256Hex(user.password));
  expect(typeof token).toBe("string");
  expect(await socket.timeout(REPLY_TIMEOUT_MS).emitWithAck("authenticateToken", token as string)).toBe(true);
  return { socket, token: token as string };
}

/** The same socket without the event maps, for the generic helpers (next, silence) and for garbage. */
export const untyped = (socket: NeoSocket) => socket as unknown as Socket;

/** Emits an event on an untyped socket (garbage the typed maps would reject) and awaits its ack, with a deadline. */
export function rawAck(socket: NeoSocket, event: string, ...args: unknown[]): Promise<unknown> {
  return untyped(socket)
    .timeout(REPLY_TIMEOUT_MS)
    .emitWithAck(event, ...args);
}

/** Passes when no ack arrives within `ms`: the way to show an action was not answered (D5). */
export async function expectNoAck(socket: NeoSocket, event: string, ...args: unknown[]): Promise<void> {
  const ack = untyped(socket)
    .timeout(300)
    .emitWithAck(event, ...args);
  await expect(ack).rejects.toThrow(/timed out/);
}

/**
 * Starts listening at once and resolves with the first `count` payloads of `event`, or fails after the reply
 * timeout. Start it before the action: a push can arrive before the action's own ack.
 */
export function collect(socket: NeoSocket, event: string, count: number): Promise<unknown[]> {
  const got: unknown[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${got.length} of ${count} "${event}"`)), REPLY_TIMEOUT_MS);
    const onEvent = (payload: unknown) => {
      got.push(payload);
      if (got.length < count) return;
      clearTimeout(timer);
      untyped(socket).off(event, onEvent);
      resolve(got);
    };
    untyped(socket).on(event, onEvent);
  });
}
