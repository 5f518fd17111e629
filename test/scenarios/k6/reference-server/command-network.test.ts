import { describe, expect, it } from "vitest";
import { commandNetwork, type Stamp } from "../../../../scenarios/k6/lib/fan-out-apis.js";
import type { Namespace } from "../../../../scenarios/k6/lib/socketio.js";
import { startTestApi } from "../../../support/server.js";
import { nextEvent, nodeConnection } from "../node-websocket.js";

/** The steps fan-out.ts takes on command-network's main namespace, driven from Node over `ws`. */
async function joined(url: string, name: string, reconnect?: { attempts: number; delayMs: number }) {
  const conn = nodeConnection(url, { reconnect });
  const ns = conn.connect("/");
  await nextEvent(ns, "connect");
  await new Promise<void>((resolve, reject) => commandNetwork.join(ns, name, resolve, (why) => reject(new Error(why))));
  return { conn, ns };
}

function send(ns: Namespace, stamp: Stamp): Promise<boolean> {
  return new Promise((resolve) => commandNetwork.send(ns, stamp, resolve));
}

async function nextStamp(ns: Namespace): Promise<Stamp | undefined> {
  const [payload] = await nextEvent(ns, commandNetwork.event);
  return commandNetwork.stampOf(payload);
}

describe("the k6 framing module against the command-network reference server", () => {
  it("registers receivers and delivers a stamped broadcast to each of them, acked to the sender", async () => {
    const { url } = await startTestApi("command-network");
    const receivers = await Promise.all([1, 2, 3].map((i) => joined(url, `k6-receiver-${i}`)));
    const sender = await joined(url, "k6-sender");
    const stamp = { seq: 1, sentAt: Date.now(), last: true };
    const deliveries = receivers.map((r) => nextStamp(r.ns));
    expect(await send(sender.ns, stamp)).toBe(true);
    expect(await Promise.all(deliveries)).toEqual([stamp, stamp, stamp]);
  });

  it("keeps a receiver's registration across a transport loss: it reconnects, registers again and is reached", async () => {
    const { url, server } = await startTestApi("command-network");
    const receiver = await joined(url, "k6-receiver-1", { attempts: 3, delayMs: 20 });
    const sender = await joined(url, "k6-sender");
    const registeredAgain = new Promise<void>((resolve, reject) =>
      receiver.ns.on("connect", () =>
        commandNetwork.join(receiver.ns, "k6-receiver-1", resolve, (why) => reject(new Error(why))),
      ),
    );
    const io = server.apis[0]?.io;
    const receiverSid = receiver.ns.sid;
    for (const s of io?.of("/").sockets.values() ?? []) if (s.id === receiverSid) s.conn.close();
    expect(await nextEvent(receiver.ns, "disconnect")).toEqual(["transport close"]);
    await registeredAgain;
    const stamp = { seq: 2, sentAt: Date.now(), last: true };
    const delivery = nextStamp(receiver.ns);
    expect(await send(sender.ns, stamp)).toBe(true);
    expect(await delivery).toEqual(stamp);
  });

  it("does not take another client's command for a fan-out stamp", () => {
    expect(commandNetwork.stampOf({ command: "lights", meta: { seq: 1, sentAt: 1, last: false } })).toBeUndefined();
    expect(commandNetwork.stampOf({ command: "volley-fanout", meta: null })).toBeUndefined();
  });
});
