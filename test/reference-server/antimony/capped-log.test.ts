import { describe, expect, it } from "vitest";
import { CappedLog } from "../../../reference-server/antimony/capped-log.js";

describe("a capped backlog", () => {
  it("keeps the last entries within the byte bound, counting UTF-8 bytes", () => {
    const log = new CappedLog(1_000, 10);
    for (const entry of ["aaaa", "€€", "bbbb"]) log.push(entry);
    // "€" is 3 bytes: 4 + 6 + 4 = 14 > 10, so the oldest goes.
    expect(log.snapshot()).toEqual(["€€", "bbbb"]);
  });

  it("keeps the tail of an entry larger than the bound, starting on a whole character", () => {
    const log = new CappedLog(1_000, 10);
    log.push("old");
    log.push("€".repeat(5));
    // 15 bytes; the last 10 begin inside a "€", so the tail is the last three whole ones (9 bytes).
    expect(log.snapshot()).toEqual(["€€€"]);
  });
});
