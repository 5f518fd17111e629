import type { Socket } from "socket.io-client";
import type { SocketV2 } from "socket.io-client-v2";
import { expect } from "vitest";
import { circlesChatFixtures } from "../../../reference-server/circles-chat/fixtures.js";
import { signToken } from "../../../reference-server/circles-chat/token.js";
import type { ServerOptionsInput } from "../../../reference-server/options.js";
import { connect, connectV2, next, REPLY_TIMEOUT_MS } from "../../support/client.js";
import { startTestApi } from "../../support/server.js";

/** The demo fixtures: users 1 Alice and 2 Bob in circle 1 and conversation 1 (with device 1); Carol (3) apart. */
export const demo = circlesChatFixtures.parse({});

export function tokenFor(claims: { user_id: number } | { device_id: number }, ttlSeconds = 3_600): string {
  return signToken(demo.secret, claims, ttlSeconds);
}

export interface TestChat {
  readonly url: string;
  /** A 4.x client authenticated as that user (or device), its `success` consumed. */
  user(id: number): Promise<Socket>;
  device(id: number): Promise<Socket>;
  /** A 2.x client authenticated as that user. */
  userV2(id: number): Promise<SocketV2>;
  /** POSTs to the admin API and returns the status and JSON body. */
  admin(path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
}

async function authenticate<S extends Socket | SocketV2>(socket: S, token: string): Promise<S> {
  const reply = next(socket, "success");
  socket.emit("authenticate", { token });
  expect(await reply).toEqual(["Authenticated"]);
  return socket;
}

export async function startChat(opts: { options?: ServerOptionsInput; fixtures?: unknown } = {}): Promise<TestChat> {
  const { url } = await startTestApi("circles-chat", opts);
  return {
    url,
    user: async (id) => authenticate(await connect(url), tokenFor({ user_id: id })),
    device: async (id) => authenticate(await connect(url), tokenFor({ device_id: id })),
    userV2: async (id) => authenticate(await connectV2(url), tokenFor({ user_id: id })),
    admin: async (path, body = {}) => {
      const res = await fetch(`${url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(2_000),
      });
      return { status: res.status, body: await res.json() };
    },
  };
}

/** Emits and returns the first `success` or `error` reply, as `[event, payload]`; fails after the reply timeout. */
export function reply(socket: Socket | SocketV2, event: string, ...args: unknown[]): Promise<[string, unknown]> {
  const target = socket as SocketV2;
  return new Promise((resolve, reject) => {
    const answer = (name: string) => (payload: unknown) => {
      cleanup();
      resolve([name, payload]);
    };
    const onSuccess = answer("success");
    const onError = answer("error");
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no success or error after "${event}" within ${REPLY_TIMEOUT_MS} ms`));
    }, REPLY_TIMEOUT_MS);
    const cleanup = () => {
      clearTimeout(timer);
      target.off("success", onSuccess);
      target.off("error", onError);
    };
    target.on("success", onSuccess);
    target.on("error", onError);
    target.emit(event, ...args);
  });
}
