import { describe, expect, it } from "vitest";
import { commandNetworkServer } from "../../../reference-server/command-network/index.js";
import { emitAck, next, silence } from "../../support/client.js";
import { startTestApi } from "../../support/server.js";
import { registered, startNetwork } from "./network-client.js";

type Clients = { clients: Record<string, { connected: boolean }> };

describe("command-network fixtures", () => {
  it("parses {} into the demo fixtures, beacon off", () => {
    expect(commandNetworkServer.fixtures.parse({})).toEqual({
      knownClients: ["demo-display"],
      maxRegisteredClients: 1_000,
      beacon: { name: "volley-beacon", command: "beacon", perSecond: 0, metaBytes: 0 },
    });
  });

  it("rejects unknown fixture keys", () => {
    expect(commandNetworkServer.fixtures.safeParse({ knownClient: ["x"] }).success).toBe(false);
  });

  it("describes a two-line session and the seeded names", async () => {
    const { server } = await startTestApi("command-network");
    const lines = server.apis[0]?.instance.describe() ?? [];
    expect(lines.join("\n")).toMatch(/"register", \{name: "my-app"\}/);
    expect(lines.join("\n")).toMatch(/"command", \{command: "hello"/);
    expect(lines.join("\n")).toContain("demo-display");
  });

  it("seeds known clients as registered but disconnected", async () => {
    const url = await startNetwork({ fixtures: { knownClients: ["tv", "radio"] } });
    const lamp = await registered(url, "lamp");
    const { clients } = (await emitAck(lamp, "get_clients")) as Clients;
    expect(Object.keys(clients).sort()).toEqual(["lamp", "radio", "tv"]);
    expect(clients.tv?.connected).toBe(false);
  });

  it("forgets the longest-disconnected name beyond maxRegisteredClients", async () => {
    const url = await startNetwork({ fixtures: { knownClients: [], maxRegisteredClients: 2 } });
    const old = await registered(url, "old");
    const a = await registered(url, "a");
    const notice = next(a, "client_disconnect");
    old.close();
    await notice;
    const b = await registered(url, "b");
    const { clients } = (await emitAck(b, "get_clients")) as Clients;
    expect(Object.keys(clients).sort()).toEqual(["a", "b"]);
    expect(a.connected).toBe(true);
  });

  it("never forgets the fixtures' known clients, so a long-lived server keeps answering 441 for them", async () => {
    const url = await startNetwork({ fixtures: { knownClients: ["tv"], maxRegisteredClients: 2 } });
    const a = await registered(url, "a");
    const notice = next(a, "client_disconnect");
    (await registered(url, "b")).close();
    await notice;
    const c = await registered(url, "c");
    const { clients } = (await emitAck(c, "get_clients")) as Clients;
    expect(Object.keys(clients).sort()).toEqual(["a", "c", "tv"]);
  });

  it("runs the beacon as a connected client broadcasting at its rate, recorded in past commands", async () => {
    const url = await startNetwork({ fixtures: { beacon: { perSecond: 50, metaBytes: 4 } } });
    const lamp = await registered(url, "lamp");
    const [beacon] = await next(lamp, "command");
    expect(beacon).toMatchObject({ command: "beacon", meta: { seq: expect.any(Number), pad: "xxxx" } });
    const { clients } = (await emitAck(lamp, "get_clients")) as Clients;
    expect(clients["volley-beacon"]?.connected).toBe(true);
    const { commands } = (await emitAck(lamp, "get_past_commands")) as { commands: { source: string }[] };
    expect(commands[0]).toMatchObject({ source: "volley-beacon", target: null, command: "beacon" });
  });

  it("stops the beacon when the API instance closes", async () => {
    const { url, server } = await startTestApi("command-network", { fixtures: { beacon: { perSecond: 50 } } });
    const lamp = await registered(url, "lamp");
    await next(lamp, "command");
    server.apis[0]?.instance.close();
    // A beacon already in flight may still land; after it, nothing more.
    await next(lamp, "command", 100).catch(() => undefined);
    await silence(lamp, "command", 200);
  });
});
