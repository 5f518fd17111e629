import type { ClientFactory } from "./client/client-factory.js";
import type { Exchange, Transcript } from "./client/transcript.js";

/** `must`: the API document says so. `should`: robustness any server owes (bad input answered, auth enforced, no leak). */
export type Level = "must" | "should";

/** Where in the API document a behaviour comes from. */
export interface DocPointer {
  /** The seed document, relative to shared/seeds/ (the protocol definition's `document`). */
  readonly file: string;
  /** The section heading, as written in the document. */
  readonly section: string;
  /**
   * The sentence, table row or example of the document that the check enforces, copied verbatim (markdown and
   * whitespace aside): `test/conformance/check-basis.test.ts` finds it in the seed document.
   */
  readonly quote?: string;
  /**
   * Set when the expectation also needs a choice the document did not make: the DECISIONS.md item (`D10`) or the
   * REAL-SERVERS.md fact it rests on. Such a check is a `should` at most, so no server fails a `must` for a choice
   * its document left open.
   */
  readonly decision?: string;
}

/** The credentials given by flags, env or config file (`--token`, `--user`, `--password`). */
export interface Credentials {
  readonly token?: string;
  readonly user?: string;
  readonly password?: string;
}

/** Everything a check's run function gets; resolved once by the runner. */
export interface CheckContext<F> {
  /** The server's base URL, e.g. `http://127.0.0.1:7404` (namespaces are appended by the client factory). */
  readonly target: string;
  /** The suite's fixtures, parsed with its schema: what ids and users exist on the target. */
  readonly fixtures: F;
  readonly credentials: Credentials;
  readonly clients: ClientFactory;
  /** Pass to `fc.assert`/`fc.check` (or use `runModel`) so `--seed`, `--runs` and `--path` reproduce a run. */
  readonly fc: { readonly seed: number; readonly numRuns: number; readonly path?: string };
  /** Aborted at the check's deadline; waits then end at once with `{kind: "timeout"}`. */
  readonly signal: AbortSignal;
  /** How long to wait for one reply (ack, event, connection). */
  readonly timeoutMs: number;
  /** How long to watch for something that must not arrive. */
  readonly silenceMs: number;
  readonly transcript: Transcript;
}

/** A departure from the document: what a failure report and a replay file show. */
export interface Failure {
  readonly title: string;
  readonly expected: unknown;
  readonly actual: unknown;
  /** Only the exchanges that show the failure (a model run's shrunk sequence); the runner fills in the check's. */
  readonly transcript?: readonly Exchange[];
  /** A model run's shrunk command sequence, as fast-check prints it (each command's toString). */
  readonly counterexample?: string;
  /** A model run's fast-check replay path, for `--path`. */
  readonly path?: string;
}

/** What a check's run function returns (fast-check `RunDetails` style: a discriminated union, never a throw). */
export type Verdict =
  | { readonly status: "pass" }
  | ({ readonly status: "fail" } & Failure)
  | { readonly status: "skip"; readonly reason: string }
  | { readonly status: "blocked"; readonly step: string; readonly reason: string }
  | { readonly status: "error"; readonly message: string };

export interface Check<F = unknown> {
  /** `<api>.<area>.<behaviour>`, stable across releases: expectations files and `--checks` name checks by it. */
  readonly id: string;
  readonly level: Level;
  readonly doc: DocPointer;
  /** A sentence: "answers 5005 when the lab does not exist". */
  readonly title: string;
  /**
   * The check sends input that may take a server down (malformed or hostile payloads). The runner runs such checks
   * after every other selected check, so that a crash it provokes cannot hide a documented behaviour.
   */
  readonly hostile?: boolean;
  run(ctx: CheckContext<F>): Promise<Verdict>;
}

export const pass = (): Verdict => ({ status: "pass" });
export const skip = (reason: string): Verdict => ({ status: "skip", reason });
/**
 * The check could not reach what it checks because a set-up `step` it relies on did not work (`reason`). A set-up
 * step uses only behaviour that a `must` check of its own also covers: that check fails with the real cause, and
 * the runner reports every check blocked by the same step once, under the step's name, instead of as copies of
 * that failure.
 */
export const blocked = (step: string, reason: string): Verdict => ({ status: "blocked", step, reason });
export const fail = (failure: Failure): Verdict => ({ status: "fail", ...failure });

/**
 * A model command's or helper's way to stop a run with a departure; `runModel` and the runner turn it into a
 * `fail` verdict. Checks that are plain functions should return `fail(...)` instead.
 */
export class Mismatch extends Error {
  override readonly name = "Mismatch";
  constructor(readonly failure: Failure) {
    super(`${failure.title}: expected ${JSON.stringify(failure.expected)}, got ${JSON.stringify(failure.actual)}`);
  }
}

/**
 * Thrown by `setUpStep` from deep inside the helpers every check shares (sign in, join a room, register); the runner
 * turns it into the `blocked` verdict, as it turns a thrown Mismatch into a failure.
 */
export class SetupBlocked extends Error {
  override readonly name = "SetupBlocked";
  constructor(
    readonly step: string,
    readonly reason: string,
  ) {
    super(`${step}: ${reason}`);
  }
}

/** Runs a set-up step: a departure in it (a Mismatch) blocks the check, naming `step`, instead of failing it. */
export async function setUpStep<T>(step: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof Mismatch)) throw err;
    const { title, expected, actual } = err.failure;
    throw new SetupBlocked(step, `${title}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}
