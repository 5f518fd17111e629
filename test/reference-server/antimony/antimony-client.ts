import { io, type Socket } from "socket.io-client";
import { afterEach } from "vitest";
import { type LabCommandAck, type LabCommandRequest, labCommands } from "../../../protocols/antimony/index.js";
import { antimonyFixturesSchema } from "../../../reference-server/antimony/fixtures.js";
import { mintToken } from "../../../reference-server/antimony/token.js";
import type { ServerOptionsInput } from "../../../reference-server/options.js";
import { connect, emitAck, next, REPLY_TIMEOUT_MS } from "../../support/client.js";
import { startTestApi } from "../../support/server.js";

export const demo = antimonyFixturesSchema.parse({});

/** The demo users' access tokens, as `volley serve` prints them. */
export const tokens = {
  alice: mintToken(demo.jwtSecret, "alice"),
  bob: mintToken(demo.jwtSecret, "bob"),
  carol: mintToken(demo.jwtSecret, "carol"),
};
export type DemoUser = keyof typeof tokens;

/** A fast, quiet server: deploys take 20 ms and nodes log nothing unless a test asks for it. */
export async function startAntimony(options: ServerOptionsInput = {}): Promise<string> {
  const { url } = await startTestApi("antimony", {
    options: {
      ...options,
      simulation: { deployMs: 20, logLinesPerSecond: 0, ...options.simulation },
    },
  });
  return url;
}

/** A 4.x client on a namespace, authenticated as a demo user. */
export function as(user: DemoUser, url: string, namespace: string): Promise<Socket> {
  return connect(`${url}${namespace}`, { auth: { token: tokens[user] } });
}

export async function command(socket: Socket, request: LabCommandRequest | string | unknown): Promise<LabCommandAck> {
  return (await emitAck(socket, "data", request)) as LabCommandAck;
}

/** Deploys a lab as a user and waits for its ack. */
export async function deploy(url: string, user: DemoUser, labId: string): Promise<Socket> {
  const commands = await as(user, url, "/lab-commands");
  const ack = await command(commands, { labId, command: labCommands.deploy });
  if (!("payload" in ack)) throw new Error(`deploy of ${labId} failed: ${JSON.stringify(ack)}`);
  return commands;
}

/** Deploys a lab and opens a shell on a node; returns the lab-commands socket and the shell id. */
export async function openShell(url: string, user: DemoUser, labId: string, node: string) {
  const commands = await deploy(url, user, labId);
  const ack = await command(commands, { labId, command: labCommands.openShell, node });
  if (!("payload" in ack) || typeof ack.payload !== "string") throw new Error(`open shell: ${JSON.stringify(ack)}`);
  return { commands, shellId: ack.payload };
}

const subscribed = new Set<Socket>();
afterEach(() => {
  for (const s of subscribed) s.close();
  subscribed.clear();
});

/**
 * Connects with a listener for `event` already in place: a server sends `backlog` right after the handshake,
 * before a listener added after `connect` could catch it. Returns the socket and that event's arguments.
 */
export async function subscribe(
  user: DemoUser,
  url: string,
  namespace: string,
  event = "backlog",
  ms = REPLY_TIMEOUT_MS,
) {
  const socket = io(`${url}${namespace}`, {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    auth: { token: tokens[user] },
  });
  subscribed.add(socket);
  const first = next(socket, event, ms);
  const [connected, err] = await Promise.race([
    next(socket, "connect").then(() => [true]),
    next(socket, "connect_error").then((args) => [false, args[0]]),
  ]);
  if (!connected) throw err;
  return { socket, first: (await first)[0] };
}

/** Collects `event` payloads (first arguments) until `done` says enough, or fails after the reply timeout. */
export function until(
  socket: Socket,
  event: string,
  done: (seen: unknown[]) => boolean,
  ms = REPLY_TIMEOUT_MS,
): Promise<unknown[]> {
  const seen: unknown[] = [];
  return new Promise((resolve, reject) => {
    const onEvent = (payload: unknown) => {
      seen.push(payload);
      if (!done(seen)) return;
      clearTimeout(timer);
      socket.off(event, onEvent);
      resolve(seen);
    };
    const timer = setTimeout(() => {
      socket.off(event, onEvent);
      reject(new Error(`"${event}" did not complete within ${ms} ms; saw ${JSON.stringify(seen)}`));
    }, ms);
    socket.on(event, onEvent);
  });
}
