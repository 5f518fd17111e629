import { describe, expect, it } from "vitest";
import { Restarter } from "../../../conformance/runner/restart.js";

/** Readiness that never comes: how a target the command does not bring back looks to the runner. */
const never = async () => ({ ok: false as const, message: "connection refused (ECONNREFUSED)" });

describe("a --restart command", () => {
  it("that keeps running without bringing the target back is stopped at the timeout, with why", async () => {
    const lines: string[] = [];
    const restarter = new Restarter({
      command: "echo $$; exec sleep 30",
      ready: never,
      onOutput: (l) => lines.push(l),
      timeoutMs: 1_000,
    });
    const started = Date.now();
    const r = await restarter.restart();
    expect(r).toEqual({
      ok: false,
      message: "the target did not accept connections within 1000 ms of --restart (connection refused (ECONNREFUSED))",
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    // The command's process group is gone: signal 0 to it fails.
    const pid = Number(lines[0]);
    await expect.poll(() => alive(pid), { timeout: 2_000 }).toBe(false);
  });

  it("that is the target itself is left running once ready, and stopped by stopAll", async () => {
    const lines: string[] = [];
    let calls = 0;
    const restarter = new Restarter({
      command: "echo $$; exec sleep 30",
      // Ready on the second probe: the command is still running then.
      ready: async () => (++calls >= 2 ? { ok: true, value: undefined } : never()),
      onOutput: (l) => lines.push(l),
    });
    expect(await restarter.restart()).toEqual({ ok: true, value: undefined });
    await expect.poll(() => lines.length).toBe(1);
    const pid = Number(lines[0]);
    expect(alive(pid)).toBe(true);
    restarter.stopAll();
    await expect.poll(() => alive(pid), { timeout: 2_000 }).toBe(false);
  });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw err;
  }
}
