import type { Measurements, TimelinePoint } from "../engine/measurements.js";
import { fmtMs, fmtRate } from "./table.js";

/**
 * Live progress, one line a second on `out` (stderr): rate, p99 and errors of the last second, users, time left.
 * A pure listener on the run's ticks (autocannon `progressTracker.js`); on a TTY the line is redrawn in place.
 */
export function showProgress(
  m: Measurements,
  out: NodeJS.WriteStream,
  durationSeconds: number | undefined,
): () => void {
  let errors = 0;
  const onTick = (points: TimelinePoint[]) => {
    const delivered = points.reduce((n, p) => n + p.delivered, 0);
    const failed = points.reduce((n, p) => n + p.failed, 0);
    errors += failed;
    const p99 = Math.max(0, ...points.map((p) => p.p99));
    const elapsed = m.elapsedSeconds();
    const left = durationSeconds === undefined ? "" : `  ${Math.max(0, durationSeconds - elapsed).toFixed(0)} s left`;
    const line = `[${elapsed.toFixed(0).padStart(4)} s] ${fmtRate(delivered).padStart(7)} msg/s  p99 ${fmtMs(p99).padStart(7)} ms  errors ${failed} (total ${errors})  users ${m.activeUsers}${left}`;
    out.write(out.isTTY ? `\r\x1b[2K${line}` : `${line}\n`);
  };
  m.on("tick", onTick);
  return () => {
    m.off("tick", onTick);
    if (out.isTTY) out.write("\n");
  };
}
