import type { SocketIoGeneration } from "../../protocols/protocol.js";
import type { DocPointer, Failure, Level } from "../check.js";
import type { Exchange } from "../client/transcript.js";

/**
 * How one check's verdict counts once the expectations file is applied. `fail` is an unexpected failure;
 * `expected-fail` a known departure; `unexpected-pass` a known departure that is fixed (update the file).
 */
export type Classification = "pass" | "fail" | "expected-fail" | "unexpected-pass" | "skip" | "error";

/** The reason on the result of the check during which the target went away. */
export const LOST_DURING = "the target went away during this check";

export interface CheckResult {
  readonly id: string;
  readonly level: Level;
  readonly title: string;
  readonly doc: DocPointer;
  readonly status: "pass" | "fail" | "skip" | "error";
  readonly classification: Classification;
  readonly durationMs: number;
  /**
   * For `skip` and `error`: why. For an expected failure: the reason from the expectations file. For a failure
   * after which the target was gone: that (LOST_DURING).
   */
  readonly reason?: string;
  readonly failure?: Failure & { readonly transcript: readonly Exchange[]; readonly reproduce: string };
}

export interface Report {
  readonly api: string;
  readonly target: string;
  readonly sioVersion: SocketIoGeneration;
  readonly seed: number;
  readonly numRuns: number;
  readonly strict: boolean;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly results: readonly CheckResult[];
  readonly counts: Readonly<Record<Classification, number>>;
  /** Ids in the expectations file that no selected check has: stale entries to remove. */
  readonly unknownExpectations: readonly string[];
  readonly exitCode: 0 | 1 | 2;
  /**
   * Set when the target stopped answering mid-run (why, as the reachability probe saw it). Every later check is an
   * error, and so is the check that met it unless it failed (its failure is kept: its input may have crashed the
   * server); the run exits 2 however the earlier checks went.
   */
  readonly targetLost?: string;
}

/** A check result is gating when it is an unexpected failure of a `must` (or of a `should` under `--strict`). */
export function isGating(result: CheckResult, strict: boolean): boolean {
  return result.classification === "fail" && (result.level === "must" || strict);
}

/**
 * 1 when any gating failure; otherwise 2 when a check could not run (connection problem, broken check);
 * otherwise 0. Unexpected passes and `should` failures without `--strict` are reported, not gating.
 */
export function exitCodeOf(results: readonly CheckResult[], strict: boolean, targetLost = false): 0 | 1 | 2 {
  if (targetLost) return 2;
  if (results.some((r) => isGating(r, strict))) return 1;
  if (results.some((r) => r.classification === "error")) return 2;
  return 0;
}
