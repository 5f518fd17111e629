import { describe, expect, it } from "vitest";
import { antimonyFaults } from "../../../reference-server/antimony/faults.js";
import { EXPECTED, failuresUnder } from "./fault-expectations.js";

describe("the antimony conformance suite against a server that never acks an error", () => {
  it("fails every check that waits for an error ack, and no other", async () => {
    const fault = antimonyFaults.silentErrors.name;
    expect(await failuresUnder(fault)).toEqual({ failed: EXPECTED[fault], errors: [] });
  }, 60_000);
});
