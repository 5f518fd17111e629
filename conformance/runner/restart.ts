import { type ChildProcess, spawn } from "node:child_process";
import type { Socket } from "node:net";
import { createInterface } from "node:readline";
import type { Resolved } from "../options.js";

/**
 * How long one `--restart` may take: its command and the target's readiness together. A container or service
 * restart takes seconds; a bound keeps a command that never brings the target back from hanging the run.
 */
export const RESTART_TIMEOUT_MS = 60_000;
/** Pause between readiness probes while the restarted target comes up. */
const READY_POLL_MS = 200;

export interface RestartSettings {
  /** The shell command, as given to `--restart`. */
  readonly command: string;
  /** Whether the target accepts connections now (the runner's reachability probe). */
  readonly ready: () => Promise<Resolved<unknown>>;
  /** Each line the command writes, stdout and stderr alike. */
  readonly onOutput: (line: string) => void;
  readonly timeoutMs?: number;
}

/**
 * Runs `--restart` commands and keeps the ones still running. A command may return once the target is up again
 * (`docker restart x`, `systemctl restart y`) or be the target itself (`node server.js`): then it keeps running
 * and is stopped, with its whole process group, before the next restart and when the run ends.
 */
export class Restarter {
  private readonly running = new Set<ChildProcess>();

  constructor(private readonly settings: RestartSettings) {}

  /** Runs the command and waits for the target to accept connections again, within the timeout. */
  async restart(): Promise<Resolved<void>> {
    this.stopAll();
    const timeoutMs = this.settings.timeoutMs ?? RESTART_TIMEOUT_MS;
    const until = Date.now() + timeoutMs;
    // Its own process group (detached), so stopping it also stops what its shell started.
    const child = spawn(this.settings.command, { shell: true, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    this.running.add(child);
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on("line", this.settings.onOutput);
      // A server the command left in the background holds these pipes open: they must not keep the run alive.
      (stream as Socket).unref();
    }
    child.unref();
    let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let spawnError: Error | undefined;
    child.once("error", (err) => {
      spawnError = err;
    });
    child.once("exit", (code, signal) => {
      exited = { code, signal };
      this.running.delete(child);
    });
    for (;;) {
      if (spawnError !== undefined)
        return { ok: false, message: `--restart command failed to start: ${spawnError.message}` };
      if (exited !== undefined && exited.code !== 0) {
        const how = exited.code === null ? `signal ${exited.signal}` : `code ${exited.code}`;
        return { ok: false, message: `--restart command exited with ${how} before the target accepted connections` };
      }
      const ready = await this.settings.ready();
      if (ready.ok) return { ok: true, value: undefined };
      if (Date.now() >= until) {
        this.stopAll();
        return {
          ok: false,
          message: `the target did not accept connections within ${timeoutMs} ms of --restart (${ready.message})`,
        };
      }
      await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
    }
  }

  /** Stops every command still running that a restart started. */
  stopAll(): void {
    for (const child of this.running) {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid, "SIGTERM");
        } catch (err) {
          // The group may have gone between the check and the kill: nothing left to stop.
          if ((err as NodeJS.ErrnoException).code !== "ESRCH") throw err;
        }
      }
      this.running.delete(child);
    }
  }
}
