/**
 * A mistake in how Volley was called (flag, file, value, configuration), or a target that cannot be reached:
 * reported as one line, `volley: <message> (<hint>)`, exit code 2. The hint defaults to the command's `--help`.
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
  /**
   * What to do next, e.g. `try --port 0 or another port`; undefined means `see volley <command> --help`; null means
   * none: an unreachable target's one-line cause already says what is wrong, and the flags were not the mistake.
   */
  readonly hint: string | null | undefined;

  constructor(message: string, options: { hint?: string | null } = {}) {
    super(message);
    this.hint = options.hint;
  }
}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
