import { describe, expect, it } from "vitest";
import { connect, connectV2 } from "../../support/client.js";
import { startTestApi } from "../../support/server.js";

/**
 * The load engine times acks out itself and then removes the callback from the client's private ack table
 * (scenarios/engine/client.ts): this holds both socket.io-client generations to the fields it relies on, so an
 * upgrade that renames them fails here rather than leaking callbacks in long runs.
 */
describe.each([
  ["4", (url: string) => connect(url)],
  ["2", (url: string) => connectV2(url)],
] as const)("socket.io-client %s", (_version, open) => {
  it("keeps a pending ack's callback under the id in `ids` when it was emitted", async () => {
    const { url } = await startTestApi("command-network");
    const socket = (await open(url)) as unknown as {
      ids: number;
      acks: Record<number, unknown>;
      emit(event: string, ...args: unknown[]): unknown;
    };
    const id = socket.ids;
    expect(typeof id).toBe("number");
    // An event the server has no handler for: its ack stays pending.
    socket.emit("no-such-event", {}, () => {});
    expect(typeof socket.acks[id]).toBe("function");
    expect(socket.ids).toBe(id + 1);
  });
});
