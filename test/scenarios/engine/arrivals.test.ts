import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { arrivals, plannedArrivals } from "../../../scenarios/engine/arrivals.js";
import { type Phase, phaseSchema } from "../../../scenarios/engine/scenario.js";

const require = createRequire(import.meta.url);

interface Phaser {
  on(event: "arrival", fn: () => void): Phaser;
  on(event: "done", fn: () => void): Phaser;
  run(): void;
}

/**
 * Artillery's own phaser (what one `artillery run` worker uses), its arrivals' times in ms from the start, once
 * `expected` have arrived or 1 s after its `done` (a ramp's last arrival lands just after `done`, its timer still
 * running; Artillery's runner still starts that user).
 */
function artilleryArrivals(phases: readonly Phase[], expected: number): Promise<number[]> {
  const phaser = require("@artilleryio/int-core/lib/phases.js") as (specs: unknown[]) => Phaser;
  // One worker of one, as artillery/lib/dist.js numbers the phases of a single worker.
  const specs = phases.map((p) => ({ ...p, worker: 1, totalWorkers: 1 }));
  const ee = phaser(specs);
  const times: number[] = [];
  const start = performance.now();
  return new Promise((resolve) => {
    ee.on("arrival", () => {
      times.push(performance.now() - start);
      if (times.length === expected) resolve(times);
    });
    ee.on("done", () => setTimeout(() => resolve(times), 1_000));
    ee.run();
  });
}

const phases = (list: unknown[]) => list.map((p) => phaseSchema.parse(p));

describe("the arrival schedule of config.phases", () => {
  it("starts as many users as Artillery's phaser, at about the same times, for a pause, arrivalCount, arrivalRate and a ramp", async () => {
    const script = phases([
      { pause: 1 },
      { duration: 1, arrivalCount: 4 },
      { duration: 1, arrivalRate: 5 },
      { duration: 3, arrivalRate: 1, rampTo: 5 },
    ]);
    const ours = [...arrivals(script)].map((a) => a.atMs);
    const theirs = await artilleryArrivals(script, ours.length);
    // 4 + 5 + (1 + 3 + 5) users.
    expect(ours).toHaveLength(18);
    expect(theirs).toHaveLength(ours.length);
    // Artillery's timers fire late on a busy machine, never early: compare each arrival, late by at most 250 ms.
    for (const [i, at] of ours.entries()) {
      expect(theirs[i]).toBeGreaterThanOrEqual(at - 5);
      expect(theirs[i]).toBeLessThanOrEqual(at + 250);
    }
  }, 15_000);

  it("spreads arrivalRate users evenly and says when the phases end", () => {
    expect(plannedArrivals(phases([{ duration: 10, arrivalRate: 2 }]))).toEqual({ count: 20, endMs: 10_000 });
    const times = [...arrivals(phases([{ duration: 2, arrivalRate: 2 }]))].map((a) => a.atMs);
    expect(times).toEqual([500, 1000, 1500, 2000]);
  });

  it("ramps linearly from arrivalRate to rampTo, one period a second", () => {
    const ramp = [...arrivals(phases([{ duration: 3, arrivalRate: 2, rampTo: 6 }]))].map((a) => a.atMs);
    // 2, 4 and 6 arrivals in the three seconds.
    expect(ramp.filter((t) => t <= 1000)).toHaveLength(2);
    expect(ramp.filter((t) => t > 1000 && t <= 2000)).toHaveLength(4);
    expect(ramp.filter((t) => t > 2000)).toHaveLength(6);
  });

  it("gives every arrival its phase's maxVusers", () => {
    const capped = [...arrivals(phases([{ duration: 1, arrivalRate: 3, maxVusers: 2 }, { pause: 1 }]))];
    expect(capped.map((a) => a.maxVusers)).toEqual([2, 2, 2]);
  });

  it("refuses a phase without arrivals or pause, naming what it needs, and a fraction of a second as Artillery does", () => {
    expect(phaseSchema.safeParse({ pause: 0.5 }).error?.issues[0]?.message).toMatch(/whole seconds/);
    expect(phaseSchema.safeParse({ duration: 5 }).error?.issues[0]?.message).toMatch(/arrivalRate/);
    expect(phaseSchema.safeParse({ arrivalRate: 5 }).error?.issues[0]?.message).toMatch(/needs `pause`, or `duration`/);
  });
});
