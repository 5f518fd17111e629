import { describe, expect, it } from "vitest";
import { DurationBatch } from "../../reference-server/duration-batch.js";

describe("handler duration batches", () => {
  it("hand every duration to the histogram in order: a full batch at once, the rest on flush", () => {
    const observed: number[] = [];
    const batch = new DurationBatch({ observe: (s) => observed.push(s) });
    const added = Array.from({ length: 1_024 + 3 }, (_, i) => i / 1_000);
    for (const s of added.slice(0, 1_023)) batch.add(s);
    expect(observed).toEqual([]);
    for (const s of added.slice(1_023)) batch.add(s);
    expect(observed).toEqual(added.slice(0, 1_024));
    batch.flush();
    expect(observed).toEqual(added);
    batch.flush();
    expect(observed).toHaveLength(added.length);
  });
});
