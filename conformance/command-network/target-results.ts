import type { CommandAck, TargetResult } from "../../protocols/command-network/index.js";
import { Mismatch } from "../index.js";

/**
 * The result for one target of a command's ack. REAL-SERVERS.md: "a string or array of names targets those
 * clients, with per-target results"; it does not say whether a single name's result is the ack itself or an entry
 * of `targets`, so both are accepted. An array target needs `targets`.
 */
export function resultFor(ack: CommandAck, name: string, single: boolean): TargetResult {
  if ("targets" in ack) {
    const result = ack.targets[name];
    if (result !== undefined && Object.hasOwn(ack.targets, name)) return result;
    throw new Mismatch({
      title: `the command's ack has no result for target ${JSON.stringify(name)}`,
      expected: { targets: { [name]: "a result" } },
      actual: ack,
    });
  }
  if (single) return ack;
  throw new Mismatch({
    title: "a command to an array of names is not acked with a result per target",
    expected: { success: true, targets: { [name]: "a result" } },
    actual: ack,
  });
}

/** What one target's result should be: delivered, or a failure code (440 not registered, 441 not connected). */
export type Expected = "delivered" | 440 | 441;

export function expectResult(ack: CommandAck, name: string, single: boolean, want: Expected): void {
  const result = resultFor(ack, name, single);
  const ok = want === "delivered" ? result.success : !result.success && result.error === want;
  if (!ok) {
    throw new Mismatch({
      title: `the result for target ${JSON.stringify(name)} is not ${want === "delivered" ? "a success" : want}`,
      expected: want === "delivered" ? { success: true } : { success: false, error: want },
      actual: result,
    });
  }
}
