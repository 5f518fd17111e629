import type { LabFixture } from "./fixtures.js";
import { LogStream } from "./log-stream.js";
import { members } from "./notifier.js";

/** A lab instance's life. `failed`: the last deploy failed (5001); `destroyed`: torn down after running. */
export type LabState = "undeployed" | "deploying" | "running" | "failed" | "destroyed";

export interface NodeRuntime {
  running: boolean;
  readonly logs: LogStream;
}

/** One fixture lab and its simulated instance. */
export class Lab {
  state: LabState = "undeployed";
  /** The lab's log stream exists from the first deploy attempt on (antimony.md § Lab Log Streaming; D12). */
  logs: LogStream | undefined;
  readonly nodes: ReadonlyMap<string, NodeRuntime>;
  deployTimer: NodeJS.Timeout | undefined;
  ticker: NodeJS.Timeout | undefined;

  constructor(
    readonly def: LabFixture,
    private readonly backlogLines: number,
    private readonly lineBytes: number,
  ) {
    this.nodes = new Map(
      def.nodes.map((n) => [n, { running: false, logs: new LogStream(backlogLines, lineBytes) }] as const),
    );
  }

  get id(): string {
    return this.def.id;
  }

  hasAccess(userId: string): boolean {
    return members(this.def).includes(userId);
  }

  /** The lab's log stream, created on first use: the moment its `/logs/<labId>` namespace starts to exist. */
  instanceLogs(): LogStream {
    this.logs ??= new LogStream(this.backlogLines, this.lineBytes);
    return this.logs;
  }

  stopTimers(): void {
    clearTimeout(this.deployTimer);
    clearInterval(this.ticker);
    this.deployTimer = undefined;
    this.ticker = undefined;
  }
}
