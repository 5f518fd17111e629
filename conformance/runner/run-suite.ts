import { type ProbeResult, probeTarget as probeSocketIo } from "../../clients/probe.js";
import type { TlsSettings } from "../../clients/tls.js";
import type { SocketIoGeneration } from "../../protocols/protocol.js";
import { blocked, type Check, type CheckContext, Mismatch, SetupBlocked, type Verdict } from "../check.js";
import { ConnectionProblem, createClientFactory } from "../client/client-factory.js";
import { fixtureSecrets } from "../client/fixture-secrets.js";
import { Transcript } from "../client/transcript.js";
import type { ConformanceOptions, Resolved } from "../options.js";
import type { AnySuite } from "../suite.js";
import { coverageOf } from "./coverage.js";
import { Restarter } from "./restart.js";
import {
  type CheckResult,
  CLASSIFICATIONS,
  type Classification,
  CUT_TWICE,
  exitCodeOf,
  LOST_DURING,
  NOT_REACHED,
  NOT_RUN,
  type Report,
  type Restart,
} from "./result.js";

/** How long an aborted check may take to hand back its own verdict. */
const DEADLINE_GRACE_MS = 250;
/** A handshake faster than this (loopback, a LAN, a busy machine) does not lengthen any wait. */
const ROUND_TRIP_FLOOR_MS = 50;
/** How many times its deadline a check may run while its target keeps answering (slowly) before it is an error. */
const SLOW_FACTOR = 4;
/** The least time the reachability probe after a non-passing check waits for the target's handshake. */
const PROBE_MIN_MS = 2_000;
/** How long a target that refuses connections has to come back before the run declares it lost. */
const RESTART_GRACE_MS = 3_000;

/** What the run emits; renderers (live line, summary, files) listen and never change the outcome. */
export interface RunListener {
  onStart?(info: { api: string; target: string; sioVersion: SocketIoGeneration; seed: number; total: number }): void;
  onCheckStart?(check: Check<unknown>): void;
  onCheckEnd?(result: CheckResult): void;
  /** The target stopped accepting connections after `afterCheck` and `--restart` runs now. */
  onRestartStart?(afterCheck: string): void;
  /** A line the `--restart` command wrote. */
  onRestartOutput?(line: string): void;
  onRestartEnd?(restart: Restart): void;
  onEnd?(report: Report): void;
}

/** The options a run reads; `ConformanceOptions` has them all. */
export type RunOptions = Pick<
  ConformanceOptions,
  | "api"
  | "target"
  | "credentials"
  | "fixtures"
  | "seed"
  | "runs"
  | "timeoutMs"
  | "silenceMs"
  | "deadlineMs"
  | "checks"
  | "expectations"
  | "sioVersion"
  | "strict"
  | "path"
> &
  Partial<Pick<ConformanceOptions, "exclude" | "restart" | "allowSkips">> & {
    /** The command line that re-runs one check; the CLI builds it from the flags it was given. */
    readonly reproduce?: (checkId: string, path: string | undefined) => string;
    /** How the probe and the clients trust an HTTPS target; none given means the system's CAs. */
    readonly tls?: TlsSettings;
  };

/** A selector picks the check with that id, or every check under it by whole segments (`antimony.logs`). */
const selects = (selector: string, id: string) => id === selector || id.startsWith(`${selector}.`);

/**
 * The checks `selectors` pick minus those `excluded` picks, in suite order except that `hostile` checks come after
 * all others: a crash one provokes then cannot hide a documented behaviour. No selectors means all. A selector
 * (of either list) that picks no check of the suite is a usage error.
 */
export function selectChecks<C extends { id: string; hostile?: boolean }>(
  checks: readonly C[],
  selectors: readonly string[],
  excluded: readonly string[] = [],
): Resolved<C[]> {
  for (const [flag, list] of [
    ["--checks", selectors],
    ["--exclude", excluded],
  ] as const) {
    const unmatched = list.filter((s) => !checks.some((c) => selects(s, c.id)));
    if (unmatched.length > 0)
      return { ok: false, message: `${flag}: no check id is or starts with: ${unmatched.join(", ")}` };
  }
  const picked = checks.filter(
    (c) =>
      (selectors.length === 0 || selectors.some((s) => selects(s, c.id))) && !excluded.some((s) => selects(s, c.id)),
  );
  return { ok: true, value: hostileLast(picked) };
}

/** The order checks run in: suite order, except that `hostile` checks come after all others. */
export function hostileLast<C extends { hostile?: boolean }>(checks: readonly C[]): C[] {
  return [...checks.filter((c) => c.hostile !== true), ...checks.filter((c) => c.hostile === true)];
}

/**
 * The target as the run found it: its generation, and one handshake's round trip, measured once. Every wait of a
 * check (per-reply timeout, silence window) is lengthened by that round trip and its deadline by one round trip per
 * connection and emit it made, so that a distant or proxied server gets the verdicts a local one gets (issue 15).
 */
interface Reached {
  readonly sioVersion: SocketIoGeneration;
  readonly roundTripMs: number;
}

/** The run's mutable state, in one named place. */
interface RunState {
  readonly results: CheckResult[];
  readonly restarts: Restart[];
  /** Why the target is gone for good; later checks are not run. */
  targetLost?: string;
}

/**
 * Runs a suite against a target: resolves the fixtures and the Socket.IO generation once, then each selected check
 * under its own deadline, so a silent or dead server never hangs the run. A usage or connection problem found
 * before any check runs is returned as `{ok: false}` (exit code 2).
 */
export async function runSuite(suite: AnySuite, options: RunOptions, listener: RunListener = {}): Promise<RunOutcome> {
  const fixtures = suite.fixtures.safeParse(options.fixtures);
  if (!fixtures.success) {
    return { ok: false, message: `fixtures do not fit the ${suite.api} suite: ${fixtures.error.message}` };
  }
  const excludeSelectors = options.exclude ?? [];
  const selected = selectChecks(suite.checks, options.checks, excludeSelectors);
  if (!selected.ok) return selected;
  // Probed even when the generation is forced: a target that is unreachable, not Socket.IO or of the other
  // generation is a connection problem (exit 2), never a run of failing checks.
  const detected = await probeSocketIo(options.target, {
    timeoutMs: options.timeoutMs,
    sioVersion: options.sioVersion,
    tls: options.tls,
  });
  if (!detected.ok) {
    // Still a report, so that CI has a --json/--junit file to upload naming the cause: every check not run.
    const results = selected.value.map((c) => lostResult(baseOf(c, 0), `${NOT_REACHED} (${detected.message})`));
    const unreached = { results, restarts: [], targetLost: detected.message };
    return { ok: false, message: detected.message, report: reportOf(suite, options, unreached, new Date()) };
  }
  const sioVersion: SocketIoGeneration = detected.version;
  const reached: Reached = { sioVersion, roundTripMs: await roundTrip(options, sioVersion) };
  const startedAt = new Date();
  listener.onStart?.({
    api: suite.api,
    target: options.target,
    sioVersion,
    seed: options.seed,
    total: selected.value.length,
  });
  const restarter =
    options.restart === undefined
      ? undefined
      : new Restarter({
          command: options.restart,
          ready: async () => {
            const probe = await probeSocketIo(options.target, {
              timeoutMs: Math.max(options.timeoutMs, PROBE_MIN_MS),
              sioVersion: "auto",
              tls: options.tls,
            });
            return probe.ok ? { ok: true, value: probe.version } : probe;
          },
          onOutput: (line) => listener.onRestartOutput?.(line),
        });
  const state: RunState = { results: [], restarts: [] };
  try {
    for (const check of selected.value) {
      listener.onCheckStart?.(check);
      const result =
        state.targetLost === undefined
          ? await runAndProbe(check, fixtures.data, reached, options, state, restarter, listener)
          : lostResult(baseOf(check, 0), `${NOT_RUN} (${state.targetLost})`);
      state.results.push(result);
      listener.onCheckEnd?.(result);
    }
  } finally {
    restarter?.stopAll();
  }
  const report = reportOf(suite, options, state, startedAt, sioVersion);
  listener.onEnd?.(report);
  return { ok: true, value: report };
}

/** What `runSuite` hands back: a report, or a problem found before any check ran (exit 2), with a report of it. */
export type RunOutcome =
  | { readonly ok: true; readonly value: Report }
  /** `report` is there when the target could not be reached: every selected check not run, `targetLost` the cause. */
  | { readonly ok: false; readonly message: string; readonly report?: Report };

/** The report of a run from its results; `sioVersion` is unknown for a target never reached. */
function reportOf(
  suite: AnySuite,
  options: RunOptions,
  state: RunState,
  startedAt: Date,
  sioVersion?: SocketIoGeneration,
): Report {
  const { results } = state;
  const excludeSelectors = options.exclude ?? [];
  const counts = Object.fromEntries(
    CLASSIFICATIONS.map((c) => [c, results.filter((r) => r.classification === c).length]),
  ) as Record<Classification, number>;
  const excluded = suite.checks.filter((c) => excludeSelectors.some((s) => selects(s, c.id))).map((c) => c.id);
  const coverage = coverageOf(results, excluded);
  const allowSkips = options.allowSkips ?? false;
  const report: Report = {
    api: suite.api,
    target: options.target,
    ...(sioVersion === undefined ? {} : { sioVersion }),
    seed: options.seed,
    numRuns: options.runs,
    strict: options.strict,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    results,
    counts,
    coverage,
    allowSkips,
    restarts: state.restarts,
    unknownExpectations: Object.keys(options.expectations.expectedFailures).filter(
      (id) => !suite.checks.some((c) => c.id === id),
    ),
    exitCode: exitCodeOf(results, {
      strict: options.strict,
      allowSkips,
      targetLost: state.targetLost !== undefined,
      incomplete: coverage.incomplete !== undefined,
    }),
    ...(state.targetLost === undefined ? {} : { targetLost: state.targetLost }),
  };
  return report;
}

/**
 * Runs one check; when it did not pass, probes the target, since the check may have met a dead target rather than
 * a wrong one. If the target is gone, `--restart` (when given) brings it back and the run goes on; otherwise the
 * run records the loss and later checks are not run (they would only wait out their timeouts). A failure is kept,
 * with the loss noted: its input may be what crashed the server (socket-central-server dies on a bad command
 * target), the one finding to keep.
 */
async function runAndProbe(
  check: Check<unknown>,
  fixtures: unknown,
  reached: Reached,
  options: RunOptions,
  state: RunState,
  restarter: Restarter | undefined,
  listener: RunListener,
): Promise<CheckResult> {
  const first = await runCheck(check, fixtures, reached, options);
  if (first.result.classification === "pass" || first.result.classification === "skip") return first.result;
  const probe = await probeTarget(options.target, options.timeoutMs, options.tls);
  if (probe.ok) return first.cut === undefined ? first.result : runAgainAfterCut(check, fixtures, reached, options);
  const { result } = first;
  let lost = `${LOST_DURING}: ${probe.message}`;
  if (restarter === undefined) {
    state.targetLost = probe.message;
  } else {
    listener.onRestartStart?.(check.id);
    const started = Date.now();
    const back = await restarter.restart();
    const restart: Restart = {
      afterCheck: check.id,
      ok: back.ok,
      durationMs: Date.now() - started,
      ...(back.ok ? {} : { message: back.message }),
    };
    state.restarts.push(restart);
    listener.onRestartEnd?.(restart);
    if (back.ok) lost += "; restarted with --restart";
    else state.targetLost = `${probe.message}; ${back.message}`;
  }
  return result.status === "fail"
    ? { ...result, reason: result.reason === undefined ? lost : `${result.reason}; ${lost}` }
    : lostResult(result, lost);
}

/**
 * A check that did not pass while one of its connections was cut under it, with the target still up: a network fault
 * (a proxy, a load balancer) or the server dropping connections, not a verdict on what the document asks. It runs
 * once more; that run's result stands unless a connection was cut again, which makes it an error (exit 2), never a
 * failure. A server whose real failure is to drop connections is therefore reported ERR, with the cut named.
 */
async function runAgainAfterCut(
  check: Check<unknown>,
  fixtures: unknown,
  reached: Reached,
  options: RunOptions,
): Promise<CheckResult> {
  const again = await runCheck(check, fixtures, reached, options);
  if (again.cut === undefined || again.result.classification === "pass" || again.result.classification === "skip")
    return again.result;
  return lostResult(again.result, `${CUT_TWICE} (${again.cut}); the target still answers a handshake`);
}

/** Disconnect reasons of a connection lost below Socket.IO (not a DISCONNECT packet of the server). */
const CUT_REASONS: ReadonlySet<string> = new Set(["transport close", "transport error", "ping timeout"]);

/** The first connection-level loss a check's clients met, as `c2: transport close`. */
function cutIn(transcript: Transcript): string | undefined {
  const cut = transcript.entries.find((e) => e.kind === "disconnect" && CUT_REASONS.has(e.reason));
  return cut === undefined || cut.kind !== "disconnect" ? undefined : `${cut.client}: ${cut.reason}`;
}

async function runCheck(
  check: Check<unknown>,
  fixtures: unknown,
  reached: Reached,
  options: RunOptions,
): Promise<{ result: CheckResult; cut?: string }> {
  const started = Date.now();
  const controller = new AbortController();
  const transcript = new Transcript({ ...fixtureSecrets(options.fixtures), ...options.credentials });
  const timeoutMs = options.timeoutMs + reached.roundTripMs;
  const silenceMs = options.silenceMs + reached.roundTripMs;
  const clients = createClientFactory(options.target, reached.sioVersion, {
    transcript,
    timeoutMs,
    silenceMs,
    signal: controller.signal,
    tls: options.tls,
  });
  const ctx: CheckContext<unknown> = {
    target: options.target,
    fixtures,
    credentials: options.credentials,
    clients,
    fc: { seed: options.seed, numRuns: options.runs, ...(options.path === undefined ? {} : { path: options.path }) },
    signal: controller.signal,
    timeoutMs,
    silenceMs,
    transcript,
  };
  let timer: NodeJS.Timeout | undefined;
  // At the deadline the signal aborts every wait, so a property run stops shrinking and returns the failure it
  // has; only a check that still does not settle after a short grace gets the deadline verdict.
  const deadline = new Promise<Verdict>((resolve) => {
    const expire = () => {
      const elapsed = Date.now() - started;
      const allowed = options.deadlineMs + reached.roundTripMs * requestsIn(transcript);
      // Past its deadline a check whose target still answers is slow, not silent: it goes on, up to SLOW_FACTOR
      // times the deadline, so that latency alone does not change a verdict.
      const waitFor =
        elapsed < allowed
          ? allowed - elapsed
          : answeringAt(transcript, started, timeoutMs) && elapsed < SLOW_FACTOR * allowed
            ? timeoutMs
            : 0;
      if (waitFor > 0) {
        timer = setTimeout(expire, waitFor);
        return;
      }
      controller.abort();
      const verdict = deadlineVerdict(transcript, started, { allowed, elapsed }, timeoutMs);
      timer = setTimeout(() => resolve(verdict), DEADLINE_GRACE_MS);
    };
    timer = setTimeout(expire, options.deadlineMs);
  });
  const verdict = await Promise.race([settle(check, ctx), deadline]);
  clearTimeout(timer);
  controller.abort();
  clients.closeAll();
  const result = toResult(check, verdict, Date.now() - started, transcript, options);
  const cut = cutIn(transcript);
  return cut === undefined ? { result } : { result, cut };
}

/** The exchanges that cost a round trip: each connection opened and each event sent. */
const requestsIn = (transcript: Transcript) =>
  transcript.entries.filter((e) => e.kind === "connect" || e.kind === "emit").length;

/**
 * A check past its deadline: a failure when the target had gone silent (no answer within the per-reply timeout
 * before the deadline), but an error when it was still answering. A document says how a server answers, never how
 * long a whole check may take, so a slow target that keeps answering is the run's problem (exit 2), not a FAIL.
 */
function deadlineVerdict(
  transcript: Transcript,
  started: number,
  ms: { readonly allowed: number; readonly elapsed: number },
  timeoutMs: number,
): Verdict {
  if (answeringAt(transcript, started, timeoutMs)) {
    return {
      status: "error",
      message: `no verdict within ${ms.elapsed} ms (the check's ${ms.allowed} ms deadline, extended up to ${SLOW_FACTOR} times while the target kept answering); give the check more time with --deadline`,
    };
  }
  return {
    status: "fail",
    title: `no verdict within the check's ${ms.allowed} ms deadline`,
    expected: "answers within the per-reply timeout",
    actual: "the check was still waiting when its deadline passed",
  };
}

/** Whether the target answered one of the check's clients within the last per-reply timeout. */
function answeringAt(transcript: Transcript, started: number, timeoutMs: number): boolean {
  const answered = transcript.entries.filter((e) => e.kind !== "connect" && e.kind !== "emit" && e.kind !== "timeout");
  const lastAt = answered.at(-1)?.at;
  return lastAt !== undefined && Date.now() - started - lastAt <= timeoutMs + DEADLINE_GRACE_MS;
}

/**
 * One handshake's round trip, timed on a probe that asks for the generation found (one HTTP request); 0 below
 * ROUND_TRIP_FLOOR_MS, where it is noise beside any timeout, so a local run waits exactly what it was told to.
 */
async function roundTrip(options: RunOptions, sioVersion: SocketIoGeneration): Promise<number> {
  const started = performance.now();
  const probe = await probeSocketIo(options.target, { timeoutMs: options.timeoutMs, sioVersion, tls: options.tls });
  const ms = Math.round(performance.now() - started);
  // A probe that failed says nothing about the distance; the checks meet the problem themselves.
  return probe.ok && ms >= ROUND_TRIP_FLOOR_MS ? ms : 0;
}

/**
 * A check's promise as a verdict: thrown Mismatch, SetupBlocked and ConnectionProblem become values, anything else an
 * error.
 */
async function settle(check: Check<unknown>, ctx: CheckContext<unknown>): Promise<Verdict> {
  try {
    return await check.run(ctx);
  } catch (err) {
    if (err instanceof Mismatch) return { status: "fail", ...err.failure };
    if (err instanceof SetupBlocked) return blocked(err.step, err.reason);
    if (err instanceof ConnectionProblem) return { status: "error", message: err.message };
    return { status: "error", message: `the check itself threw: ${err instanceof Error ? err.stack : String(err)}` };
  }
}

/**
 * Whether the target still answers a handshake, retried for RESTART_GRACE_MS: a server that restarts (a deploy, a
 * crash loop's next life) is back within it and the run resumes; one that stays down is lost. Each try waits at
 * least PROBE_MIN_MS, since a short --timeout tunes replies and a busy but live server must not be declared gone.
 */
async function probeTarget(target: string, timeoutMs: number, tls: TlsSettings | undefined): Promise<ProbeResult> {
  const until = Date.now() + RESTART_GRACE_MS;
  for (;;) {
    const probe = await probeSocketIo(target, {
      timeoutMs: Math.max(timeoutMs, PROBE_MIN_MS),
      sioVersion: "auto",
      tls,
    });
    if (probe.ok || Date.now() >= until) return probe;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function baseOf(check: Check<unknown>, durationMs: number) {
  return { id: check.id, level: check.level, title: check.title, doc: check.doc, durationMs };
}

/** A check whose outcome the target's disappearance decided: an error (exit 2), never a pass or a failure. */
function lostResult(
  r: Pick<CheckResult, "id" | "level" | "title" | "doc" | "durationMs">,
  reason: string,
): CheckResult {
  const { id, level, title, doc, durationMs } = r;
  return { id, level, title, doc, durationMs, status: "error", classification: "error", reason };
}

function toResult(
  check: Check<unknown>,
  verdict: Verdict,
  durationMs: number,
  transcript: Transcript,
  options: RunOptions,
): CheckResult {
  const known = options.expectations.expectedFailures[check.id];
  const base = baseOf(check, durationMs);
  switch (verdict.status) {
    case "pass":
      return { ...base, status: "pass", classification: known === undefined ? "pass" : "unexpected-pass" };
    case "skip":
      return { ...base, status: "skip", classification: "skip", reason: verdict.reason };
    case "blocked":
      return { ...base, status: "blocked", classification: "blocked", step: verdict.step, reason: verdict.reason };
    case "error":
      return { ...base, status: "error", classification: "error", reason: verdict.message };
    case "fail": {
      const { status: _, ...failure } = verdict;
      const reproduce =
        options.reproduce?.(check.id, failure.path) ??
        `volley conformance --api ${options.api} --target ${options.target} --checks ${check.id} --seed ${options.seed}` +
          (failure.path === undefined ? "" : ` --path ${failure.path}`);
      return {
        ...base,
        status: "fail",
        classification: known === undefined ? "fail" : "expected-fail",
        ...(known === undefined ? {} : { reason: known }),
        failure: { ...failure, transcript: failure.transcript ?? transcript.entries, reproduce },
      };
    }
  }
}
