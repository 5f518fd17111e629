import { describe, expect, it } from "vitest";
import { circlesChat, type FanOutApi, type Stamp } from "../../../../scenarios/k6/lib/fan-out-apis.js";
import { startTestApi } from "../../../support/server.js";
import { nextEvent, nodeConnection } from "../node-websocket.js";

/** The token `volley serve` prints for a demo user, as a person running fan-out.ts would copy it. */
function printedToken(lines: readonly string[], userId: number): string {
  const line = lines.find((l) => l.startsWith(`user ${userId} `));
  const token = line?.split(": ")[1];
  if (token === undefined) throw new Error(`no token for user ${userId} in ${JSON.stringify(lines)}`);
  return token;
}

/** The steps fan-out.ts takes with API=circles-chat, driven from Node over `ws`. */
async function joined(url: string, api: FanOutApi) {
  const ns = nodeConnection(url).connect("/");
  await nextEvent(ns, "connect");
  await new Promise<void>((resolve, reject) => api.join(ns, "", resolve, (why) => reject(new Error(why))));
  return ns;
}

describe("the k6 framing module against the circles-chat reference server", () => {
  it("authenticates, joins the conversation and delivers a stamped message to every member", async () => {
    const { url, server } = await startTestApi("circles-chat");
    const lines = server.apis[0]?.instance.describe() ?? [];
    const alice = circlesChat(printedToken(lines, 1), 1);
    const bob = circlesChat(printedToken(lines, 2), 1);
    const receivers = [await joined(url, bob), await joined(url, alice)];
    const sender = await joined(url, alice);
    const stamp: Stamp = { seq: 7, sentAt: Date.now(), last: true };
    const deliveries = receivers.map(async (ns) => alice.stampOf((await nextEvent(ns, alice.event))[0]));
    const sent = await new Promise<boolean>((resolve) => alice.send(sender, stamp, resolve));
    expect(sent).toBe(true);
    expect(await Promise.all(deliveries)).toEqual([stamp, stamp]);
  });

  it("reports a refused token through the join's failure, as fan-out.ts counts it", async () => {
    const { url } = await startTestApi("circles-chat");
    const ns = nodeConnection(url).connect("/");
    await nextEvent(ns, "connect");
    const why = await new Promise<string>((resolve, reject) =>
      circlesChat("not-a-jwt", 1).join(ns, "", () => reject(new Error("joined with a bad token")), resolve),
    );
    expect(why).toMatch(/token/i);
  });
});
