import type { SioClient } from "../index.js";

/**
 * The first `event` that `client` receives within `ms` whose first argument `pick` turns into a value; events it
 * passes over (undefined) are consumed and skipped, as other traffic on a shared server is. `pick` may throw a
 * Mismatch for an event that departs from the document. Undefined when none came in time.
 */
export async function nextMatching<T>(
  client: SioClient,
  event: string,
  ms: number,
  pick: (arg: unknown) => T | undefined,
): Promise<T | undefined> {
  const deadline = Date.now() + ms;
  for (;;) {
    const got = await client.next(event, Math.max(0, deadline - Date.now()));
    if (got.kind === "timeout") return undefined;
    const picked = pick(got.args[0]);
    if (picked !== undefined) return picked;
  }
}
