import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { faultNames } from "../../../reference-server/command-network/faults.js";
import { volley } from "../../reliability/cli-process.js";
import { startTestApi } from "../../support/server.js";

/** Runs `volley <args>` to its end: exit code and stderr. */
async function run(args: readonly string[]): Promise<{ code: number; stderr: string }> {
  const job = volley(args);
  const code = await job.exit(60_000);
  return { code, stderr: job.stderr() };
}

/** The command lines under "Reproduce with:", as printed, split into arguments without the leading `volley`. */
function printedCommands(stderr: string): string[][] {
  const block = stderr.split("Reproduce with:\n")[1] ?? "";
  return block
    .split("\n")
    .filter((line) => line.startsWith("    volley "))
    .map((line) => line.trim().split(" ").slice(1));
}

// The README's model-based example: sender-echo at seed 7, 10 runs. Child processes compile the CLI with tsx.
describe("reproducing a model-based command-network failure", { timeout: 180_000 }, () => {
  it("re-runs as printed (--path), and volley replay reproduces it twice on the long-running faulty server only", async () => {
    const faulty = await startTestApi("command-network", { options: { fault: faultNames.senderEcho } });
    const replayDir = mkdtempSync(join(tmpdir(), "volley-replay-"));
    const first = await run([
      "conformance",
      "--api",
      "command-network",
      "--target",
      faulty.url,
      "--checks",
      "command-network.model.sequences",
      "--seed",
      "7",
      "--runs",
      "10",
      "--replay-dir",
      replayDir,
    ]);
    expect(first.code).toBe(1);
    const failure = first.stderr.match(/FAIL +must +command-network\.model\.sequences \(\d+ ms\): (.*)/)?.[1];
    expect(failure).toMatch(/received a command meant for others/);
    const [again, replayCommand] = printedCommands(first.stderr);
    expect(again).toContain("--path");

    // The printed command as printed: the same failure, not "Unable to replay, got wrong path".
    const rerun = await run(again ?? []);
    expect(rerun.stderr).not.toContain("Unable to replay");
    expect(rerun.stderr).toMatch(/FAIL +must +command-network\.model\.sequences .*received a command meant for others/);
    expect(rerun.code).toBe(1);

    // Twice against the same server, which by now holds every name the recording registered.
    for (const attempt of [1, 2]) {
      const replayed = await run(replayCommand ?? []);
      expect(replayed.stderr, `replay ${attempt}`).toContain("Reproduced: all");
      expect(replayed.code, `replay ${attempt}`).toBe(0);
    }

    // A faithful server does not echo a broadcast to its sender: the recorded failure does not recur, twice.
    const faithful = await startTestApi("command-network");
    const file = replayCommand?.[1] ?? "";
    for (const attempt of [1, 2]) {
      const replayed = await run(["replay", file, "--target", faithful.url, "--timeout", "500"]);
      expect(replayed.stderr, `replay ${attempt}`).toMatch(
        /Departs from the recording at exchange \d+ .*not reproduced/,
      );
      expect(replayed.code, `replay ${attempt}`).toBe(1);
    }
  });
});
