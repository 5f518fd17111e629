import { createHash, randomBytes } from "node:crypto";
import { SignJWT } from "jose";
import type { Socket } from "socket.io-client";
import { describe, expect } from "vitest";
import { connect, emitAck, next, refusal } from "../support/client.js";
import { demo } from "./hostile/honest-client.js";
import { hostileSuite } from "./hostile/hostile-suite.js";

// Forged, expired and unsigned credentials, brute force, and one user's valid token used on another user's
// resources, against every API that has credentials. Each answer is the one its document (or docs/api-*.md) gives.

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
const key = (secret: string) => new TextEncoder().encode(secret);
const now = () => Math.floor(Date.now() / 1000);

/** HS256 tokens that must all be refused: signed with another secret, expired, `alg: none`, and plain noise. */
async function badTokens(secret: string, claims: Record<string, unknown>): Promise<[string, string][]> {
  const sign = (k: string, exp: number) =>
    new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setExpirationTime(exp).sign(key(k));
  return [
    ["forged (signed with another secret)", await sign("not-the-servers-secret-at-all", now() + 3600)],
    ["expired an hour ago", await sign(secret, now() - 3600)],
    ["alg: none, unsigned", `${b64({ alg: "none", typ: "JWT" })}.${b64({ ...claims, exp: now() + 3600 })}.`],
    ["not a JWT at all", randomBytes(24).toString("hex")],
  ];
}

describe("Antimony: tokens and other users' labs and shells", () => {
  const suite = hostileSuite("antimony", import.meta.filename, { simulation: { deployMs: 20, logLinesPerSecond: 0 } });

  suite.case("refuses a connection without a token: Unauthorized", async (url) => {
    expect((await refusal(`${url}/lab-commands`)).message).toBe("Unauthorized");
  });

  suite.case("refuses forged, expired, alg: none and garbage tokens: Invalid Token", async (url) => {
    for (const [, token] of await badTokens(demo.antimonySecret, { sub: "alice" })) {
      expect((await refusal(`${url}/lab-commands`, { auth: { token } })).message).toBe("Invalid Token");
    }
  });

  suite.case("refuses a well-signed token for a user that does not exist: Invalid Token", async (url) => {
    const token = await new SignJWT({ sub: "mallory" })
      .setProtectedHeader({ alg: "HS256" })
      .setExpirationTime(now() + 3600)
      .sign(key(demo.antimonySecret));
    expect((await refusal(`${url}/lab-commands`, { auth: { token } })).message).toBe("Invalid Token");
  });

  suite.case("refuses 200 brute-force tokens, 20 at a time, each with Invalid Token", async (url) => {
    const messages = new Set<string>();
    const guess = () => `${b64({ alg: "HS256" })}.${b64({ sub: "alice" })}.${randomBytes(32).toString("base64url")}`;
    for (let round = 0; round < 10; round++) {
      const refused = await Promise.all(
        Array.from({ length: 20 }, () => refusal(`${url}/status-messages`, { auth: { token: guess() } })),
      );
      for (const e of refused) messages.add(e.message);
    }
    expect(messages).toEqual(new Set(["Invalid Token"]));
  });

  suite.case("keeps carol out of alice's lab: No Access on its logs, 5403 on its commands", async (url) => {
    const alice = await connect(`${url}/lab-commands`, { auth: { token: demo.antimonyToken("alice") } });
    expect(await emitAck(alice, "data", { labId: "lab-alpha", command: 0 })).toMatchObject({});
    expect((await refusal(`${url}/logs/lab-alpha`, { auth: { token: demo.antimonyToken("carol") } })).message).toBe(
      "No Access",
    );
    const carol = await connect(`${url}/lab-commands`, { auth: { token: demo.antimonyToken("carol") } });
    expect(await emitAck(carol, "data", { labId: "lab-alpha", command: 1 })).toMatchObject({ code: 5403 });
  });

  suite.case("keeps bob, a collaborator, out of alice's shell: No Access", async (url) => {
    const alice = await connect(`${url}/lab-commands`, { auth: { token: demo.antimonyToken("alice") } });
    await emitAck(alice, "data", { labId: "lab-alpha", command: 0 });
    const opened = (await emitAck(alice, "data", { labId: "lab-alpha", command: 6, node: "router1" })) as {
      payload: string;
    };
    const shell = `${url}/shells/${opened.payload}`;
    expect((await refusal(shell, { auth: { token: demo.antimonyToken("bob") } })).message).toBe("No Access");
    expect(await emitAck(alice, "data", { labId: "lab-alpha", command: 7, shellId: opened.payload })).toEqual({
      payload: null,
    });
  });
});

describe("circles-chat: tokens and other users' conversations", () => {
  const suite = hostileSuite("circles-chat", import.meta.filename);
  const reply = async (socket: Socket, event: string, payload: unknown) => {
    const answer = Promise.race([
      next(socket, "error").then((a) => ["error", a[0]]),
      next(socket, "success").then((a) => ["success", a[0]]),
    ]);
    socket.emit(event, payload);
    return answer;
  };

  suite.case("answers forged, expired, alg: none and garbage tokens with error Invalid token", async (url) => {
    const socket = await connect(url);
    for (const [, token] of await badTokens(demo.chatSecret, { user_id: 1 })) {
      expect(await reply(socket, "authenticate", { token })).toEqual(["error", "Invalid token"]);
    }
  });

  suite.case("answers 200 brute-force authenticate attempts on one socket, each with Invalid token", async (url) => {
    // One after another: while a token is being checked, another attempt is "Already authenticated" (D15).
    const socket = await connect(url);
    const answers = new Set<unknown>();
    for (let i = 0; i < 200; i++) {
      answers.add(JSON.stringify(await reply(socket, "authenticate", { token: randomBytes(16).toString("hex") })));
    }
    expect(answers).toEqual(new Set([JSON.stringify(["error", "Invalid token"])]));
  });

  suite.case("keeps carol's valid token out of alice's conversation and circle: Not a member", async (url) => {
    const carol = await connect(url);
    expect(await reply(carol, "authenticate", { token: demo.chatToken({ user_id: 3 }) })).toEqual([
      "success",
      "Authenticated",
    ]);
    expect(await reply(carol, "join_conversation", { conversation_id: 1 })).toEqual(["error", "Not a member"]);
    expect(await reply(carol, "join_circle", { circle_id: 1 })).toEqual(["error", "Not a member"]);
  });
});

describe("NestMTX: bearer tokens and logins", () => {
  const suite = hostileSuite("nestmtx", import.meta.filename);

  suite.case("refuses an unknown bearer, in any of the three places: Unauthorized", async (url) => {
    const token = `oat_${randomBytes(16).toString("hex")}`;
    expect((await refusal(url, { auth: { token } })).message).toBe("Unauthorized");
    expect((await refusal(url, { query: { token } })).message).toBe("Unauthorized");
    expect((await refusal(url, { extraHeaders: { authorization: `Bearer ${token}` } })).message).toBe("Unauthorized");
  });

  suite.case("answers 100 wrong-password logins with an error each, then the right one still works", async (url) => {
    const socket = await connect(url);
    const login = async (password: string, requestId: string) => {
      const answer = next(socket, requestId, 5_000);
      socket.emit("request", {
        command: "create",
        module: "auth",
        requestId,
        payload: { username: "admin", password },
      });
      return (await answer)[0] as { error?: { message: string }; bearer?: string };
    };
    const wrong = await Promise.all(Array.from({ length: 100 }, (_, i) => login(`guess-${i}`, `guess-${i}`)));
    expect(wrong.every((a) => a.error !== undefined && a.bearer === undefined)).toBe(true);
    expect((await login("nestmtx-admin", "right")).bearer).toMatch(/^oat_/);
  });
});

describe("NeoRuntime: password hashes and tokens", () => {
  const suite = hostileSuite("neoruntime", import.meta.filename);

  suite.case("acks false to 100 wrong password hashes and to forged tokens, and serves nothing after", async (url) => {
    const socket = await connect(url);
    const guesses = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        socket
          .timeout(5_000)
          .emitWithAck("authenticate", "admin", createHash("sha256").update(`guess-${i}`).digest("hex")),
      ),
    );
    expect(new Set(guesses)).toEqual(new Set([false]));
    expect(await emitAck(socket, "authenticateToken", randomBytes(32).toString("hex"))).toBe(false);
    // Unauthenticated actions are never answered (REAL-SERVERS.md): the status request must time out.
    await expect(socket.timeout(500).emitWithAck("NeoRuntime/status")).rejects.toThrow();
  });
});
