import { Mismatch } from "../index.js";
import { type TargetResult, targetResultIn } from "./documented.js";

/**
 * The result for one target of a command's ack, under whatever key the server put it (documented.ts). REAL-SERVERS.md
 * does not say whether a single name's result is the ack itself or an entry, so for a single name the ack itself
 * stands in when it holds no entry. Only `should` checks ask: the document has no per-target results.
 */
export function resultFor(ack: Readonly<Record<string, unknown>> & TargetResult, name: string, single: boolean) {
  const result = targetResultIn(ack, name) ?? (single ? ack : undefined);
  if (result !== undefined) return result;
  throw new Mismatch({
    title: `the command's ack has no result for target ${JSON.stringify(name)}`,
    expected: `a result {success, ...} for ${JSON.stringify(name)} under some key`,
    actual: ack,
  });
}

/** What one target's result should be: delivered, or REAL-SERVERS.md's code (440 not registered, 441 not connected). */
export type Expected = "delivered" | 440 | 441;

export function expectResult(
  ack: Readonly<Record<string, unknown>> & TargetResult,
  name: string,
  single: boolean,
  want: Expected,
) {
  const result = resultFor(ack, name, single);
  const ok = want === "delivered" ? result.success : !result.success && result.error === want;
  if (!ok) {
    throw new Mismatch({
      title: `the result for target ${JSON.stringify(name)} is not ${want === "delivered" ? "a success" : want}`,
      expected: want === "delivered" ? { success: true } : { success: false, error: want },
      actual: ack,
    });
  }
}
