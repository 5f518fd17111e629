import { describe, expect, it } from "vitest";
import {
  labUpdateEventSchema,
  notInvalidSchema,
  statusMessageEventSchema,
} from "../../../conformance/antimony/documented.js";

const message = (timestamp: string) => ({
  payload: { id: "m1", timestamp, source: "s", content: "c", logContent: "l", severity: 1, extra: true },
});

describe("what antimony.md guarantees, as the checks read it", () => {
  it.each([
    "2026-12-02T14:00:00Z",
    "2026-12-02T14:00:00.123456789Z",
    "2026-12-02T14:00:00+01:00",
    "2026-12-02T14:00:00,5+0100",
    "2026-12-02T14:00",
    "2026-12-02T14:00:00",
    "20261202T140000Z",
  ])("takes the ISO 8601 timestamp %s", (timestamp) => {
    expect(statusMessageEventSchema.safeParse(message(timestamp)).success).toBe(true);
  });

  it.each(["2026-12-02 14:00:00", "Wed, 02 Dec 2026 14:00:00 GMT", "1764684000000", ""])(
    "refuses %j as a timestamp",
    (timestamp) => {
      expect(statusMessageEventSchema.safeParse(message(timestamp)).success).toBe(false);
    },
  );

  it("takes a lab update that names no lab (re-fetch all), and refuses one without a payload", () => {
    expect(labUpdateEventSchema.safeParse({ payload: {} }).success).toBe(true);
    expect(labUpdateEventSchema.safeParse({ payload: { labId: null } }).success).toBe(true);
    expect(labUpdateEventSchema.safeParse({ labId: "lab" }).success).toBe(false);
  });

  it("counts as invalid only requests that fit no reading of the documented shape", () => {
    expect(notInvalidSchema.safeParse({ labId: "", command: 5 }).success).toBe(true);
    expect(notInvalidSchema.safeParse({ labId: "l", command: 5, node: null }).success).toBe(true);
    expect(notInvalidSchema.safeParse({ labId: "l", command: 5, node: 3 }).success).toBe(false);
    expect(notInvalidSchema.safeParse({ labId: "l", command: "5" }).success).toBe(false);
  });
});
