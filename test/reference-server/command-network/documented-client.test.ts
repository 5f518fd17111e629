import { afterEach, describe, expect, it } from "vitest";
import { REPLY_TIMEOUT_MS } from "../../support/client.js";
import { DocClient } from "./documented-client.js";
import { startNetwork } from "./network-client.js";

const clients: DocClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.disconnect();
});

function client(params: ConstructorParameters<typeof DocClient>[0]): DocClient {
  const c = new DocClient(params);
  clients.push(c);
  return c;
}

/** Resolves with the first value pushed through the returned callback, or fails after the deadline. */
function firstCall<T>(): { callback: (value: T) => void; value: Promise<T> } {
  let callback: (value: T) => void = () => {};
  const value = new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("callback never called")), REPLY_TIMEOUT_MS);
    callback = (v) => {
      clearTimeout(timer);
      resolve(v);
    };
  });
  return { callback, value };
}

describe.each([4, 2] as const)("the documented JavaScript client over Socket.IO %i", (generation) => {
  it("registers, hooks a command, sends it to a target and reads ids, clients and past commands", async () => {
    const url = await startNetwork();
    const connected = firstCall<void>();
    const lights = client({ name: "lights", url, onConnected: () => connected.callback(), generation });
    const remote = client({ name: "remote", url, generation });
    expect(await lights.connect()).toEqual({ success: true, newClient: true });
    await connected.value;
    await remote.connect();

    const dimmed = firstCall<unknown>();
    lights.on("dim", dimmed.callback);
    expect(await remote.send("dim", { level: 30 }, ["lights"])).toEqual({
      success: true,
      targets: { lights: { success: true } },
    });
    expect(await dimmed.value).toEqual({ level: 30 });

    const lightsId = await lights.getId();
    expect(await remote.getId("lights")).toEqual(lightsId);
    const { clients: listed } = await remote.getClients();
    expect(listed).toMatchObject({ lights: { connected: true }, remote: { connected: true } });
    const { commands } = await remote.getPastCommands();
    expect(commands).toEqual([
      { timestamp: expect.any(Number), source: "remote", target: ["lights"], command: "dim", meta: { level: 30 } },
    ]);
  });

  it("broadcasts with no target, mirrors back with mirror, and soft-disconnects keeping the registration", async () => {
    const url = await startNetwork();
    const a = client({ name: "a", url, generation });
    const disconnected = firstCall<void>();
    const b = client({ name: "b", url, generation, onDisconnected: () => disconnected.callback() });
    await a.connect();
    await b.connect();
    const atA = firstCall<unknown>();
    const atB = firstCall<unknown>();
    a.on("hello", atA.callback);
    b.on("hello", atB.callback);
    await a.send("hello", "everyone", null, true);
    expect(await Promise.all([atA.value, atB.value])).toEqual(["everyone", "everyone"]);

    b.disconnect();
    await disconnected.value;
    const { clients: listed } = await a.getClients();
    expect(listed).toMatchObject({ b: { connected: false } });
    const back = client({ name: "b", url, generation });
    expect(await back.connect()).toEqual({ success: true, newClient: false });
  });
});
