import { describe, expect, it } from "vitest";
import { AckDeadlines } from "../../../scenarios/engine/ack-deadlines.js";

type Outcome = { name: string; how: "timeout" | "reply" | "dropped"; at: number };

/** Tracks named acks and records how and when each one was settled. */
function tracker() {
  const deadlines = new AckDeadlines();
  const outcomes: Outcome[] = [];
  const since = performance.now();
  const waiters: Array<() => void> = [];
  const record = (name: string, how: Outcome["how"]) => {
    outcomes.push({ name, how, at: performance.now() - since });
    for (const wake of waiters) wake();
  };
  const track = (name: string, timeoutMs: number) =>
    deadlines.track(
      timeoutMs,
      () => record(name, "timeout"),
      () => record(name, "dropped"),
    );
  /** Resolves once `n` acks are settled; fails the test after 2 s. */
  const settled = (n: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${outcomes.length} of ${n} settled`)), 2_000);
      const check = () => {
        if (outcomes.length < n) return;
        clearTimeout(timer);
        resolve();
      };
      waiters.push(check);
      check();
    });
  return { deadlines, outcomes, track, record, settled };
}

describe("the ack deadlines of one socket", () => {
  it("times out acks of different timeouts at their own deadlines, each once, and never one already answered", async () => {
    const t = tracker();
    const slow = t.track("slow", 120);
    t.track("fast-1", 30);
    const answered = t.track("fast-2", 30);
    t.track("fast-3", 30);
    if (t.deadlines.settle(answered)) t.record("fast-2", "reply");
    await t.settled(4);
    expect(t.outcomes.map((o) => `${o.name}:${o.how}`)).toEqual([
      "fast-2:reply",
      "fast-1:timeout",
      "fast-3:timeout",
      "slow:timeout",
    ]);
    const at = Object.fromEntries(t.outcomes.map((o) => [o.name, o.at]));
    expect(at["fast-1"]).toBeGreaterThanOrEqual(29);
    expect(at.slow).toBeGreaterThanOrEqual(119);
    // A reply after the deadline is not a second outcome.
    expect(t.deadlines.settle(slow)).toBe(false);
  });

  it("settles every ack still waiting when the connection ends, and none of them again at its deadline", async () => {
    const t = tracker();
    const answered = t.track("a", 40);
    t.track("b", 40);
    t.track("c", 80);
    if (t.deadlines.settle(answered)) t.record("a", "reply");
    t.deadlines.dropAll("transport close");
    await t.settled(3);
    expect(t.outcomes.map((o) => `${o.name}:${o.how}`)).toEqual(["a:reply", "b:dropped", "c:dropped"]);
    // Past both deadlines: a timeout now would be a fourth outcome.
    t.track("probe", 100);
    await t.settled(4);
    expect(t.outcomes.map((o) => o.name)).toEqual(["a", "b", "c", "probe"]);
  });
});
