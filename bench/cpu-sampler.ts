import { cpuSeconds } from "./proc.js";

/**
 * Reads a process's CPU every `intervalMs` so that its CPU at any moment of the run can be interpolated afterwards:
 * the window a generator reports (its Nth and its last counted delivery, epoch ms) then excludes the server's
 * connects and disconnects on either side, whenever they happen.
 */
export class CpuSampler {
  private readonly samples: { atMs: number; cpu: number }[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    intervalMs = 50,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }

  /** CPU seconds used by the process up to `atMs` (epoch ms), linearly interpolated between samples. */
  at(atMs: number): number {
    const after = this.samples.findIndex((s) => s.atMs >= atMs);
    if (after <= 0) return (this.samples[after < 0 ? this.samples.length - 1 : 0] ?? { cpu: Number.NaN }).cpu;
    const a = this.samples[after - 1] as { atMs: number; cpu: number };
    const b = this.samples[after] as { atMs: number; cpu: number };
    return a.cpu + ((b.cpu - a.cpu) * (atMs - a.atMs)) / Math.max(b.atMs - a.atMs, 1);
  }

  private sample(): void {
    try {
      this.samples.push({ atMs: Date.now(), cpu: cpuSeconds(this.pid) });
    } catch {
      // The process has exited: the samples taken while it ran are all there is, and all `at` needs.
    }
  }
}
