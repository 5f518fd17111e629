import { describe, expect, it } from "vitest";
import { fixtureSecrets } from "../../../conformance/client/fixture-secrets.js";
import { replay } from "../../../conformance/runner/replay.js";
import { replayFileOf } from "../../../conformance/runner/replay-file.js";
import { chatFixtures } from "../../../src/embedded/conformance-targets.js";
import { runReferenceConformance } from "../../support/conformance.js";
import { startTestApi } from "../../support/server.js";

describe("credentials inside a fixtures file", () => {
  it("are found by key wherever they sit, ids and short values left alone", () => {
    const secrets = fixtureSecrets({
      users: { alice: { token: "eyJhbGciOi.alice", id: 1 } },
      secret: "signing-key-0123",
      lab: { id: "lab-alpha" },
      pin: { password: "short" },
    });
    expect(secrets).toEqual({
      "fixtures.users.alice.token": "eyJhbGciOi.alice",
      "fixtures.secret": "signing-key-0123",
    });
  });

  it("never reach a replay file, and `volley replay` with the fixtures still reproduces the departure", async () => {
    const check = "circles-chat.webrtc.forward-only-destination";
    const fault = "circles-chat.forward-to-everyone";
    let given: ReturnType<typeof chatFixtures> | undefined;
    const report = await runReferenceConformance("circles-chat", {
      fault,
      checks: [check],
      fixtures: (ref: { url: string }) => {
        given = chatFixtures(ref.url);
        return given;
      },
    });
    const result = report.results[0];
    expect(result?.status).toBe("fail");
    const file = result === undefined ? undefined : replayFileOf(report, result);
    if (file === undefined) throw new Error("no replay file for the failing check");
    const { url } = await startTestApi("circles-chat", { options: { fault } });
    const text = JSON.stringify(file) + JSON.stringify(report);
    for (const user of Object.values(given?.users ?? {})) expect(text).not.toContain(user.token);
    expect(Object.keys(given?.users ?? {})).not.toHaveLength(0);
    // The tokens are signed per run; any token of the same secret authenticates the replay.
    const fixtures = chatFixtures(url);
    expect(text).toContain('"$secret"');
    const replayed = await replay(
      file,
      { target: url, sioVersion: 4, credentials: {}, fixtures, timeoutMs: 1_000 },
      () => {},
    );
    expect(replayed.firstDeparture).toBeUndefined();
  });
});
