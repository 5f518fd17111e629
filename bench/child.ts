import { type ChildProcess, fork, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** A message between the bench and one of its child processes (servers and generators): `type` plus data. */
export interface BenchMessage {
  readonly type: string;
  readonly [key: string]: unknown;
}

/**
 * One child process of the bench. Every contender, server and generator alike, runs in its own process so that
 * its CPU and memory can be read apart from the others' (and from the bench's own bookkeeping).
 */
export class Child {
  private readonly inbox: BenchMessage[] = [];
  private readonly waiting = new Set<() => void>();
  readonly exited: Promise<number | null>;
  output = "";

  constructor(readonly process: ChildProcess) {
    process.on("message", (m: BenchMessage) => {
      this.inbox.push(m);
      for (const wake of this.waiting) wake();
    });
    process.stdout?.on("data", (d: Buffer) => this.keep(d));
    process.stderr?.on("data", (d: Buffer) => this.keep(d));
    this.exited = new Promise((resolve) => process.once("exit", (code) => resolve(code)));
  }

  get pid(): number {
    if (this.process.pid === undefined) throw new Error("child has no pid");
    return this.process.pid;
  }

  /** Resolves with the next message of this type (kept if it came earlier); rejects after `timeoutMs`. */
  next(type: string, timeoutMs: number): Promise<BenchMessage> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const i = this.inbox.findIndex((m) => m.type === type);
        if (i < 0) return false;
        const [m] = this.inbox.splice(i, 1);
        finish();
        resolve(m as BenchMessage);
        return true;
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`no "${type}" from child ${this.pid} within ${timeoutMs} ms; its output:\n${this.output}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.waiting.delete(wake);
      };
      const wake = () => void check();
      if (!check()) this.waiting.add(wake);
    });
  }

  send(message: BenchMessage): void {
    this.process.send?.(message);
  }

  /** Waits for the child to end by itself, or kills it after `timeoutMs`; resolves with its exit code. */
  async finish(timeoutMs: number): Promise<number | null> {
    const timer = setTimeout(() => this.process.kill("SIGKILL"), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  async stop(): Promise<void> {
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill("SIGTERM");
    await this.finish(5_000);
  }

  private keep(d: Buffer): void {
    // The tail is enough to explain a failure; a chatty child must not grow the bench's memory.
    this.output = (this.output + d.toString()).slice(-4_000);
  }
}

/** Starts one of the bench's TypeScript modules (path relative to bench/) in its own Node process with IPC. */
export function forkBench(module: string, args: readonly string[]): Child {
  const path = fileURLToPath(new URL(module, import.meta.url));
  return new Child(fork(path, args, { execArgv: ["--import", "tsx"], stdio: ["ignore", "pipe", "pipe", "ipc"] }));
}

/** Starts a command that is not ours (Artillery); no IPC, output kept for errors. */
export function spawnCommand(command: string, args: readonly string[]): Child {
  return new Child(spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] }));
}

/** In a child: sends one message to the bench (a no-op when the module is run by hand, without IPC). */
export function tellBench(message: BenchMessage): void {
  process.send?.(message);
}

/** In a child: resolves with the next message of this type from the bench. */
export function fromBench(type: string): Promise<BenchMessage> {
  return new Promise((resolve) => {
    const listener = (m: BenchMessage) => {
      if (m.type !== type) return;
      process.off("message", listener);
      resolve(m);
    };
    process.on("message", listener);
  });
}
