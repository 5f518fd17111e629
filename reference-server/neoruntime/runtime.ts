import { performance } from "node:perf_hooks";
import { NO_SCRIPT, type RuntimeStatus, type ScriptOutput } from "../../protocols/neoruntime/index.js";
import type { StoredScript } from "./script-store.js";

export interface RuntimeListener {
  status(status: RuntimeStatus): void;
  output(line: ScriptOutput): void;
}

/** The real server's template script prints this once, then one line a second (DECISIONS.md D14). */
const FIRST_LINE = "Script started";
const NEXT_LINE = "A second has passed";

/**
 * Node timers fire at most about once a millisecond, and less precisely on a busy machine; at high rates a tick
 * prints every line that is due since the run started, so the rate holds whatever the timer does.
 */
const MIN_TICK_MS = 10;
/** After a stall, one tick prints at most a second's worth of lines; the rest follow on the next ticks. */
const MAX_BURST_SECONDS = 1;

/** One run of the selected script: what it has printed so far, kept up to the backlog bound. */
interface Run {
  readonly script: StoredScript;
  readonly startedAt: number;
  seq: number;
  exited: boolean;
  readonly backlog: ScriptOutput[];
  timer: NodeJS.Timeout | undefined;
}

/**
 * The simulated NeoRuntime: at most one selected script "runs", printing lines at `linesPerSecond` and exiting
 * after `exitAfterLines` when its fixture says so (D14, D15, D19). Every change is reported to the listener.
 */
export class ScriptRuntime {
  private run: Run | undefined;
  private readonly started = performance.now();

  constructor(
    private readonly linesPerSecond: number,
    private readonly backlogLines: number,
    private readonly listener: RuntimeListener,
  ) {}

  status(): RuntimeStatus {
    return {
      currentScript: this.run?.script.path ?? NO_SCRIPT,
      scriptIsExited: this.run?.exited ?? false,
      uptime: (performance.now() - this.started) / 1000,
    };
  }

  /** Starts a new run of `script`, stopping the current one (D15). */
  select(script: StoredScript): void {
    this.stopTimer();
    const run: Run = { script, startedAt: performance.now(), seq: 0, exited: false, backlog: [], timer: undefined };
    this.run = run;
    if (this.linesPerSecond > 0) {
      run.timer = setInterval(() => this.tick(run), Math.max(1000 / this.linesPerSecond, MIN_TICK_MS));
    }
    this.listener.status(this.status());
  }

  /** Stops the run if `path` is the current script (D17: deleting it leaves no script selected). */
  forget(path: string): void {
    if (this.run?.script.path !== path) return;
    this.stopTimer();
    this.run = undefined;
    this.listener.status(this.status());
  }

  /** The current run's last lines, oldest first, for a socket that joins the output (D14). */
  backlog(): readonly ScriptOutput[] {
    return this.run?.backlog ?? [];
  }

  close(): void {
    this.stopTimer();
  }

  private tick(run: Run): void {
    const due = Math.floor(((performance.now() - run.startedAt) / 1000) * this.linesPerSecond);
    const limit = Math.min(due, run.seq + Math.ceil(this.linesPerSecond * MAX_BURST_SECONDS));
    while (run.seq < limit && !run.exited) this.print(run);
  }

  private print(run: Run): void {
    run.seq += 1;
    const out: ScriptOutput = {
      scriptPath: run.script.path,
      seq: run.seq,
      line: run.seq === 1 ? FIRST_LINE : NEXT_LINE,
    };
    run.backlog.push(out);
    if (run.backlog.length > this.backlogLines) run.backlog.shift();
    this.listener.output(out);
    if (run.script.exitAfterLines !== null && run.seq >= run.script.exitAfterLines) {
      this.stopTimer();
      run.exited = true;
      this.listener.status(this.status());
    }
  }

  private stopTimer(): void {
    clearInterval(this.run?.timer);
    if (this.run) this.run.timer = undefined;
  }
}
