import { describe, expect, it } from "vitest";
import { antimonyFaults } from "../../../reference-server/antimony/faults.js";
import { EXPECTED, failuresUnder } from "./fault-expectations.js";

// silent-errors is the slow one (every error check waits out its timeouts), so it has a file of its own.
const quick = Object.entries(EXPECTED).filter(([fault]) => fault !== antimonyFaults.silentErrors.name);

describe("the antimony conformance suite against each reference-server fault", () => {
  it("has an expectation for every fault the reference server lists", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(
      Object.values(antimonyFaults)
        .map((f) => f.name)
        .sort(),
    );
  });

  it.each(quick)(
    "fails exactly the expected checks under %s",
    async (fault, expected) => {
      expect(await failuresUnder(fault)).toEqual({ failed: expected, errors: [] });
    },
    60_000,
  );
});
