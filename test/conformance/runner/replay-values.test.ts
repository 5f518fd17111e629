import { describe, expect, it } from "vitest";
import type { Exchange } from "../../../conformance/client/transcript.js";
import { ReplayValues } from "../../../conformance/runner/replay-values.js";

const emit = (client: string, event: string, ...args: unknown[]): Exchange => ({
  at: 0,
  client,
  kind: "emit",
  event,
  args,
  ack: true,
});
const ack = (client: string, event: string, ...args: unknown[]): Exchange => ({
  at: 0,
  client,
  kind: "ack",
  event,
  args,
});

describe("the values of one replay", () => {
  it("gives a made-up name a fresh stand-in of the same shape, the same one each time it is sent", () => {
    const values = new ReplayValues([emit("c1", "register", { name: "volley-c793b21f-app" })], {});
    const sent = values.send({ name: "volley-c793b21f-app" }) as { name: string };
    expect(sent.name).toMatch(/^volley-[0-9a-f]{8}-app$/);
    expect(sent.name).not.toBe("volley-c793b21f-app");
    expect(values.send(["volley-c793b21f-app"])).toEqual([sent.name]);
    // The server echoing the name back matches the recording.
    expect(values.matches([{ clients: ["volley-c793b21f-app"] }], [{ clients: [sent.name] }], 1)).toBe(true);
  });

  it("keeps the fixtures' ids and the words of a payload as they are", () => {
    const values = new ReplayValues([emit("c1", "read", { id: "lab01a2b3c", text: "hello world" })], {
      lab: "lab01a2b3c",
    });
    expect(values.send({ id: "lab01a2b3c", text: "hello world" })).toEqual({ id: "lab01a2b3c", text: "hello world" });
  });

  it("learns an id the server chose and sends it back in place of the recorded one", () => {
    const recording = [
      emit("c1", "create", { name: "x" }),
      ack("c1", "create", { id: 17 }),
      emit("c1", "read", { id: 17 }),
    ];
    const values = new ReplayValues(recording, {});
    expect(values.matches([{ id: 17 }], [{ id: 23 }], 1)).toBe(true);
    expect(values.send({ id: 17 })).toEqual({ id: 23 });
  });

  it("compares timestamps by kind only", () => {
    const values = new ReplayValues([], {});
    expect(
      values.matches(
        { at: "2026-12-02T13:00:00.000Z", ms: 1764680400000 },
        { at: "2026-12-03T09:30:00Z", ms: 1764750000123 },
        0,
      ),
    ).toBe(true);
    expect(values.matches({ at: "2026-12-02T13:00:00.000Z" }, { at: 5 }, 0)).toBe(false);
  });

  it("departs on a different value, a missing or extra key, or another length", () => {
    const values = new ReplayValues([emit("c1", "add", { a: 6, b: 0 })], {});
    expect(values.matches([7], [6], 1)).toBe(false);
    expect(values.matches([{ error: { message: "no" } }], [{ error: { message: "no", code: 1 } }], 1)).toBe(false);
    expect(values.matches([{ a: 1, b: 2 }], [{ a: 1 }], 1)).toBe(false);
    expect(values.matches([[1, 2]], [[1, 2, 3]], 1)).toBe(false);
    expect(values.matches([{ message: "Invalid Request" }], [{ message: "Invalid Request" }], 1)).toBe(true);
  });

  it("does not take a wrong echo of a sent value for a server-chosen id", () => {
    const values = new ReplayValues([emit("c1", "echo", { n: 42 }), ack("c1", "echo", 42)], {});
    expect(values.matches([42], [41], 1)).toBe(false);
  });
});
