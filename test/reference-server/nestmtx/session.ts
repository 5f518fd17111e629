import { randomUUID } from "node:crypto";
import type { Socket } from "socket.io-client";
import type { SocketV2 } from "socket.io-client-v2";
import type { ServerOptionsInput } from "../../../reference-server/options.js";
import { connect, next } from "../../support/client.js";
import { startTestApi } from "../../support/server.js";

/** The demo fixtures' users (reference-server/nestmtx/fixtures.ts). */
export const ADMIN = {
  username: "admin",
  password: "nestmtx-admin",
  token: "oat_demo-admin-token",
  expiredToken: "oat_demo-admin-expired-token",
  id: 1,
};
export const VIEWER = { username: "viewer", password: "nestmtx-viewer", token: "oat_demo-viewer-token", id: 2 };

/** No simulated log lines or camera feed steps, so that a test sees only what it causes. */
export const QUIET: ServerOptionsInput = { simulation: { logLinesPerSecond: 0, deployMs: 0 } };

export async function startNestmtx(options: ServerOptionsInput = QUIET): Promise<string> {
  return (await startTestApi("nestmtx", { options })).url;
}

export function connectAs(url: string, token: string): Promise<Socket> {
  return connect(url, { auth: { token } });
}

type RequestSocket = Pick<Socket | SocketV2, "emit" | "once" | "off">;

/** Emits `request` with a fresh requestId (unless given) and resolves with what arrives on that event. */
export async function ask(socket: RequestSocket, request: Record<string, unknown>): Promise<unknown> {
  const requestId = typeof request.requestId === "string" ? request.requestId : randomUUID();
  const reply = next(socket as Socket, requestId);
  socket.emit("request", { ...request, requestId });
  const [answer] = await reply;
  return answer;
}

/** The error message of an error answer, or a failure if the answer was a success. */
export function errorMessage(answer: unknown): string {
  const error = (answer as { error?: { message?: unknown } } | undefined)?.error;
  if (typeof error?.message !== "string") throw new Error(`expected an error answer, got ${JSON.stringify(answer)}`);
  return error.message;
}
