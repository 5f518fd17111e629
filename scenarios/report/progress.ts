import type { IntervalTotals, Measurements, TimelinePoint } from "../engine/measurements.js";
import { fmtMs, fmtRate } from "./table.js";

/**
 * Live progress, one line a second on `out` (stderr): the last second's delivery rate, send rate and target send
 * rate (docs/load.md, "Rates"), p99, errors, users, and the time the schedule has left; once the schedule is over,
 * what the run still waits for instead of a frozen `0 s left`. A pure listener on the run's ticks (autocannon
 * `progressTracker.js`); on a TTY the line is redrawn in place.
 */
export function showProgress(
  m: Measurements,
  out: NodeJS.WriteStream,
  scheduledSeconds: number | undefined,
): () => void {
  let errors = 0;
  const onTick = (points: TimelinePoint[], totals: IntervalTotals) => {
    const failed = points.reduce((n, p) => n + p.failed, 0);
    errors += failed;
    const p99 = Math.max(0, ...points.map((p) => p.p99));
    const per = (n: number) => (totals.seconds > 0 ? n / totals.seconds : 0);
    const line =
      `[${totals.t.toFixed(0).padStart(4)} s] ${fmtRate(per(totals.delivered)).padStart(7)} msg/s delivered` +
      `  sent ${fmtRate(per(totals.sent))}/s (target ${fmtRate(totals.targetRate)}/s)` +
      `  p99 ${fmtMs(p99).padStart(7)} ms  errors ${failed} (total ${errors})  users ${totals.active}` +
      timeLeft(m, totals.t, scheduledSeconds);
    out.write(out.isTTY ? `\r\x1b[2K${line}` : `${line}\n`);
  };
  m.on("tick", onTick);
  return () => {
    m.off("tick", onTick);
    if (out.isTTY) out.write("\n");
  };
}

/** `  ~N s left` while the schedule runs; after it, what the users still wait for (timeouts bound it). */
function timeLeft(m: Measurements, elapsed: number, scheduledSeconds: number | undefined): string {
  const left = scheduledSeconds === undefined ? 0 : scheduledSeconds - elapsed;
  if (left >= 0.5) return `  ~${left.toFixed(0)} s left`;
  if (m.activeUsers === 0) return "";
  // The schedule counts from each user's start, not its connect and set-up: loops may still be sending.
  if (m.targetRate > 0) return "  finishing the open loops";
  return `  draining: ${m.activeUsers} users, ${m.awaiting} replies awaited`;
}
