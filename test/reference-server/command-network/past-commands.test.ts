import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PastCommand } from "../../../protocols/command-network/index.js";
import { PastCommands } from "../../../reference-server/command-network/past-commands.js";

const entry = (n: number): PastCommand => ({ timestamp: n, source: "lamp", target: null, command: `c${n}`, meta: n });

describe("command-network past commands", () => {
  it("lists the last `capacity` commands oldest first, however many times the ring has wrapped", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 0, max: 40 }), (capacity, added) => {
        const history = new PastCommands(capacity);
        const all = Array.from({ length: added }, (_, i) => entry(i));
        for (const e of all) history.add(e);
        expect(history.list()).toEqual(all.slice(Math.max(0, added - capacity)));
      }),
    );
  });

  it("hands out a copy: changing a listed array leaves the history as it was", () => {
    const history = new PastCommands(2);
    for (const n of [1, 2, 3]) history.add(entry(n));
    history.list().pop();
    expect(history.list().map((c) => c.command)).toEqual(["c2", "c3"]);
  });
});
