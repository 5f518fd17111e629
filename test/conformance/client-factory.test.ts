import { afterEach, describe, expect, it } from "vitest";
import { createClientFactory } from "../../conformance/client/client-factory.js";
import { Transcript, unredact } from "../../conformance/client/transcript.js";
import { startToyServer, TOY_TOKEN } from "./toy-server.js";

const servers: { close(): Promise<void> }[] = [];
const controllers: AbortController[] = [];
afterEach(async () => {
  for (const c of controllers.splice(0)) c.abort();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function factory(version: 2 | 4, opts: { silent?: boolean } = {}) {
  const server = await startToyServer({ version, ...opts });
  servers.push(server);
  const controller = new AbortController();
  controllers.push(controller);
  const transcript = new Transcript({ token: TOY_TOKEN });
  const clients = createClientFactory(server.url, version, {
    transcript,
    timeoutMs: 500,
    silenceMs: 100,
    signal: controller.signal,
  });
  return { clients, transcript, controller };
}

describe.each([2, 4] as const)("the Socket.IO %i client", (version) => {
  it("emits with an ack and records both sides in the transcript", async () => {
    const { clients, transcript } = await factory(version);
    const c = await clients.connect({ namespace: "/" });
    expect(await c.emitAck("add", [{ a: 2, b: 3 }])).toEqual({ kind: "event", args: [5] });
    expect(transcript.entries.map((e) => e.kind)).toEqual(["connect", "connected", "emit", "ack"]);
  });

  it("answers a missing ack with a timeout value, not a throw", async () => {
    const { clients, transcript } = await factory(version, { silent: true });
    const c = await clients.connect({ namespace: "/" });
    expect(await c.emitAck("add", [{ a: 1, b: 1 }], 100)).toEqual({ kind: "timeout", ms: 100 });
    expect(transcript.entries.at(-1)).toMatchObject({ kind: "timeout", waitingFor: "ack of add" });
  });

  it("returns a middleware refusal as a value with the server's message", async () => {
    const { clients } = await factory(version);
    const refused = await clients.open({ namespace: "/private", auth: { token: "wrong" } });
    expect(refused).toMatchObject({ ok: false, reason: "refused", message: "Unauthorized" });
    expect((await clients.open({ namespace: "/private", auth: { token: TOY_TOKEN } })).ok).toBe(true);
  });

  it("never writes a credential into the transcript, and replay can put it back", async () => {
    const { clients, transcript } = await factory(version);
    await clients.connect({ namespace: "/private", auth: { token: TOY_TOKEN } });
    const connect = transcript.entries.find((e) => e.kind === "connect");
    expect(JSON.stringify(transcript.entries)).not.toContain(TOY_TOKEN);
    expect(connect).toMatchObject({ auth: { token: { $secret: "token" } } });
    expect(unredact(connect, { token: TOY_TOKEN })).toMatchObject({ auth: { token: TOY_TOKEN } });
  });

  it("buffers events, so one that arrives before next() is not lost; silence sees it too", async () => {
    const { clients } = await factory(version);
    const c = await clients.connect({ namespace: "/" });
    expect(await c.emitAck("shout", ["hey"])).toEqual({ kind: "event", args: ["sent"] });
    // "news" arrived before the ack; silence() peeks without consuming, next() consumes.
    expect(await c.silence("news", 50)).toEqual({ kind: "event", args: ["hey"] });
    expect(await c.next("news", 50)).toEqual({ kind: "event", args: ["hey"] });
    expect(await c.next("news", 50)).toEqual({ kind: "timeout", ms: 50 });
    expect(await c.silence("news", 50)).toEqual({ kind: "silent" });
  });

  it("waits on several events at once and names the one that came, buffered or still to come", async () => {
    const { clients, transcript } = await factory(version);
    const c = await clients.connect({ namespace: "/" });
    await c.emitAck("shout", ["hey"]);
    expect(await c.nextOf(["error", "news"], 50)).toEqual({ kind: "event", event: "news", args: ["hey"] });
    const later = c.nextOf(["news", "error"], 500);
    void c.emitAck("shout", ["again"]);
    expect(await later).toEqual({ kind: "event", event: "news", args: ["again"] });
    expect(await c.nextOf(["news", "error"], 50)).toEqual({ kind: "timeout", ms: 50 });
    expect(transcript.entries.at(-1)).toMatchObject({ kind: "timeout", waitingFor: "news or error" });
  });

  it("keeps an event the server emits on connection, before anyone waits for it", async () => {
    const { clients } = await factory(version);
    const c = await clients.connect({ namespace: "/greet" });
    expect(await c.next("welcome", 200)).toEqual({ kind: "event", args: [1] });
  });

  it("ends every wait at once when the run is aborted", async () => {
    const { clients, controller } = await factory(version, { silent: true });
    const c = await clients.connect({ namespace: "/" });
    const started = Date.now();
    const pending = c.next("never", 10_000);
    controller.abort();
    expect((await pending).kind).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe("a target where nothing listens", () => {
  it.each([2, 4] as const)("is unreachable for the %i client, not a refusal", async (version) => {
    const server = await startToyServer({ version });
    await server.close();
    const controller = new AbortController();
    controllers.push(controller);
    const clients = createClientFactory(server.url, version, {
      transcript: new Transcript(),
      timeoutMs: 1_000,
      silenceMs: 100,
      signal: controller.signal,
    });
    expect(await clients.open({ namespace: "/" })).toMatchObject({ ok: false, reason: "unreachable" });
  });
});
