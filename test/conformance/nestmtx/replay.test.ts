import { describe, expect, it } from "vitest";
import { replay } from "../../../conformance/runner/replay.js";
import { replayFileOf } from "../../../conformance/runner/replay-file.js";
import { NESTMTX_FAULTS } from "../../../reference-server/nestmtx/faults.js";
import {
  NESTMTX_TOKEN as REFERENCE_TOKEN,
  nestmtxFixtures as referenceFixtures,
} from "../../../src/embedded/conformance-targets.js";
import { runReferenceConformance } from "../../support/conformance.js";
import { startTestApi } from "../../support/server.js";

const credentials = { token: REFERENCE_TOKEN };
/** Log lines flowing: every socket is pushed `log` entries with their own timestamps while the replay runs. */
const busy = { simulation: { logLinesPerSecond: 20 } };

describe("volley replay of NestMTX failures against a long-running server", { timeout: 120_000 }, () => {
  it("reproduces each failure twice on the faulty server that recorded it, and departs twice on a sound one", async () => {
    const report = await runReferenceConformance("nestmtx", {
      fault: NESTMTX_FAULTS.errorsOnFailureEvent,
      options: busy,
      fixtures: referenceFixtures,
      credentials,
      runs: 5,
      checks: [
        "nestmtx.validation.missing-entity",
        "nestmtx.crud.read-unknown-entity",
        "nestmtx.crud.delete-then-read",
      ],
    });
    const files = report.results.flatMap((r) => replayFileOf(report, r) ?? []);
    expect(files.map((f) => f.check.id)).toEqual([
      "nestmtx.validation.missing-entity",
      "nestmtx.crud.read-unknown-entity",
      "nestmtx.crud.delete-then-read",
    ]);
    // The recordings hold pushed log entries, whose timestamps and ids no replay sees again.
    expect(files.some((f) => f.exchanges.some((e) => e.kind === "receive" && e.event === "log"))).toBe(true);
    const sound = await startTestApi("nestmtx", { options: busy });
    for (const file of files) {
      for (const attempt of [1, 2]) {
        const settings = { sioVersion: 4 as const, credentials, timeoutMs: 1_000 };
        const again = await replay(file, { ...settings, target: report.target });
        expect(again.firstDeparture, `${file.check.id}, replay ${attempt}`).toBeUndefined();
        const fixed = await replay(file, { ...settings, target: sound.url });
        expect(fixed.firstDeparture, `${file.check.id} on a sound server, replay ${attempt}`).toBeDefined();
      }
    }
  });
});
