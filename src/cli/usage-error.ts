/** A mistake in how Volley was called (flag, file, value): reported in one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
