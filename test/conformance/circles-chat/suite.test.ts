import { describe, expect, it } from "vitest";
import { failedIds, notRun, runReferenceConformance } from "../../support/conformance.js";
import { referenceFixtures } from "./reference-fixtures.js";

const withAdmin = { fixtures: (ref: { url: string }) => referenceFixtures(ref.url) };

describe("the circles-chat suite against the reference server", () => {
  it("passes every check over Socket.IO 4", async () => {
    const report = await runReferenceConformance("circles-chat", withAdmin);
    expect(failedIds(report)).toEqual([]);
    expect(notRun(report)).toEqual({});
  });
});
