import { createHash } from "node:crypto";
import { io, type Socket } from "socket.io-client";
import type { ApiName } from "../../../protocols/protocol.js";
import { mintToken } from "../../../reference-server/antimony/token.js";
import { signToken } from "../../../reference-server/circles-chat/token.js";

/** Every reply an honest client waits for has this deadline; a late one counts as lost. */
const REPLY_MS = 2_000;

/** Demo credentials of the reference server's built-in fixtures (docs/api-*.md). */
export const demo = {
  antimonySecret: "volley-antimony-demo-secret",
  chatSecret: "volley-circles-chat-demo-secret",
  antimonyToken: (user: string) => mintToken("volley-antimony-demo-secret", user),
  chatToken: (claims: { user_id: number } | { device_id: number }) =>
    signToken("volley-circles-chat-demo-secret", claims, 3600),
  nestmtxToken: "oat_demo-admin-token",
  neoHash: createHash("sha256").update("neopixel").digest("hex"),
} as const;

/** One honest request and a check of its answer: true only for the documented, correct answer. */
type Ping = (seq: number) => Promise<boolean>;

function withDeadline<T>(p: Promise<T>): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error("no answer in time")), REPLY_MS)),
  ]);
}

function answerOn(socket: Socket, event: string): Promise<unknown> {
  return withDeadline(new Promise((resolve) => socket.once(event, resolve)));
}

async function open(url: string, opts: Parameters<typeof io>[1] = {}): Promise<Socket> {
  const socket = io(url, { transports: ["websocket"], reconnection: false, forceNew: true, ...opts });
  await withDeadline(
    new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("connect_error", reject);
    }),
  );
  return socket;
}

/** Connects and authenticates an honest client of `api` the documented way; returns its socket and its ping. */
async function honestSession(api: ApiName, url: string): Promise<{ socket: Socket; ping: Ping }> {
  switch (api) {
    case "command-network": {
      // A command to itself: the ack and the delivered `command` must both come back, in order.
      const socket = await open(url);
      const name = `honest-${Math.random().toString(36).slice(2, 8)}`;
      await socket.timeout(REPLY_MS).emitWithAck("register", { name });
      return {
        socket,
        ping: async (seq) => {
          const delivered = answerOn(socket, "command");
          const ack = await socket
            .timeout(REPLY_MS)
            .emitWithAck("command", { command: "ping", meta: { seq }, target: name });
          const got = (await delivered) as { meta?: { seq?: number } };
          return (ack as { success?: boolean }).success === true && got.meta?.seq === seq;
        },
      };
    }
    case "antimony": {
      const socket = await open(`${url}/lab-commands`, { auth: { token: demo.antimonyToken("alice") } });
      return {
        socket,
        ping: async () => {
          const ack = await socket.timeout(REPLY_MS).emitWithAck("data", { labId: "lab-alpha", command: 5 });
          return Array.isArray((ack as { payload?: unknown }).payload);
        },
      };
    }
    case "circles-chat": {
      const socket = await open(url);
      const authenticated = answerOn(socket, "success");
      socket.emit("authenticate", { token: demo.chatToken({ user_id: 1 }) });
      await authenticated;
      return {
        socket,
        ping: async () => {
          const answer = answerOn(socket, "success");
          socket.emit("message", { conversation_id: 1, text_message: "honest" });
          return ((await answer) as { received?: boolean }).received === true;
        },
      };
    }
    case "neoruntime": {
      const socket = await open(url);
      const token = await socket.timeout(REPLY_MS).emitWithAck("authenticate", "admin", demo.neoHash);
      await socket.timeout(REPLY_MS).emitWithAck("authenticateToken", token);
      return {
        socket,
        ping: async () => {
          const status = await socket.timeout(REPLY_MS).emitWithAck("NeoRuntime/status");
          return typeof (status as { currentScript?: unknown }).currentScript === "string";
        },
      };
    }
    case "nestmtx": {
      const socket = await open(url, { auth: { token: demo.nestmtxToken } });
      return {
        socket,
        ping: async (seq) => {
          const requestId = `honest-${seq}`;
          const answer = answerOn(socket, requestId);
          socket.emit("request", { command: "list", module: "cameras", requestId });
          return Array.isArray(((await answer) as { items?: unknown }).items);
        },
      };
    }
  }
}

export interface HonestTraffic {
  /** Stops after the request in flight; resolves with how many were sent and which seqs went wrong or unanswered. */
  stop(): Promise<{ sent: number; wrong: number[] }>;
}

/**
 * An honest client sending one documented request after another while a hostile client does its worst. The case
 * passes only if every request got its correct answer within the deadline: nothing lost, nothing wrong.
 */
export async function honestTraffic(api: ApiName, url: string): Promise<HonestTraffic> {
  const { socket, ping } = await honestSession(api, url);
  let stopped = false;
  let sent = 0;
  const wrong: number[] = [];
  const loop = (async () => {
    while (!stopped || sent === 0) {
      const seq = sent++;
      const ok = await ping(seq).catch(() => false);
      if (!ok) wrong.push(seq);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      socket.close();
      return { sent, wrong };
    },
  };
}
