import type { SocketIoGeneration } from "../../protocols/protocol.js";
import type { DocPointer, Failure, Level } from "../check.js";
import type { Exchange } from "../client/transcript.js";
import type { Coverage } from "./coverage.js";

/**
 * How one check's verdict counts once the expectations file is applied. `fail` is an unexpected failure;
 * `expected-fail` a known departure; `unexpected-pass` a known departure that is fixed (update the file).
 */
export type Classification = "pass" | "fail" | "expected-fail" | "unexpected-pass" | "skip" | "blocked" | "error";

/** Every classification, in the order counts are shown. */
export const CLASSIFICATIONS: readonly Classification[] = [
  "pass",
  "fail",
  "expected-fail",
  "unexpected-pass",
  "skip",
  "blocked",
  "error",
];

/** The reason on the result of the check during which the target went away. */
export const LOST_DURING = "the target went away during this check";
/** How the reason of a check whose connections were cut in two runs begins: a network fault, never a verdict. */
export const CUT_TWICE = "a connection was cut during this check, and again when it ran once more";
/** How the reason of every check begins when the target could not be reached at the start. */
export const NOT_REACHED = "not run: the target could not be reached";
/** How the reason of every check not run after the target was lost begins. */
export const NOT_RUN = "not run: the target went away earlier";

export interface CheckResult {
  readonly id: string;
  readonly level: Level;
  readonly title: string;
  readonly doc: DocPointer;
  readonly status: "pass" | "fail" | "skip" | "blocked" | "error";
  readonly classification: Classification;
  readonly durationMs: number;
  /** For `blocked`: the set-up step that did not work (the verdict's `step`); `reason` says how it failed. */
  readonly step?: string;
  /**
   * For `skip`, `blocked` and `error`: why. For an expected failure: the reason from the expectations file. For a
   * failure after which the target was gone: that (LOST_DURING), and whether a restart brought it back.
   */
  readonly reason?: string;
  readonly failure?: Failure & { readonly transcript: readonly Exchange[]; readonly reproduce: string };
}

export interface Report {
  readonly api: string;
  readonly target: string;
  /** Undefined when the target could not be reached at the start (no check ran). */
  readonly sioVersion?: SocketIoGeneration;
  readonly seed: number;
  readonly numRuns: number;
  readonly strict: boolean;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly results: readonly CheckResult[];
  readonly counts: Readonly<Record<Classification, number>>;
  /** How much of the selection was measured, and whether the verdict is incomplete (coverage.ts). */
  readonly coverage: Coverage;
  /** `--allow-skips`: an incomplete run is not gating. */
  readonly allowSkips: boolean;
  /** Each `--restart` of the target, in order: after which check, and whether the target came back. */
  readonly restarts: readonly Restart[];
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

export interface Restart {
  /** The check after which the target no longer accepted connections. */
  readonly afterCheck: string;
  readonly ok: boolean;
  readonly durationMs: number;
  /** Why the restart did not bring the target back. */
  readonly message?: string;
}

/** A check never run because the target was gone: not a verdict on the server. */
export const isNotRun = (r: CheckResult): boolean =>
  r.classification === "error" && r.reason?.startsWith(NOT_RUN) === true;

/** A check result is gating when it is an unexpected failure of a `must` (or of a `should` under `--strict`). */
export function isGating(result: CheckResult, strict: boolean): boolean {
  return result.classification === "fail" && (result.level === "must" || strict);
}

export interface ExitInputs {
  readonly strict: boolean;
  readonly allowSkips: boolean;
  readonly targetLost: boolean;
  /** Set when a `must` check was skipped or blocked (Coverage.incomplete). */
  readonly incomplete: boolean;
}

/**
 * 2 when the target was lost; otherwise 1 when any gating failure; otherwise 2 when a check could not run
 * (connection problem, broken check); otherwise 1 when the run is incomplete and `--allow-skips` was not given;
 * otherwise 0. Unexpected passes and `should` failures without `--strict` are reported, not gating.
 */
export function exitCodeOf(results: readonly CheckResult[], run: ExitInputs): 0 | 1 | 2 {
  if (run.targetLost) return 2;
  if (results.some((r) => isGating(r, run.strict))) return 1;
  if (results.some((r) => r.classification === "error")) return 2;
  if (run.incomplete && !run.allowSkips) return 1;
  return 0;
}
