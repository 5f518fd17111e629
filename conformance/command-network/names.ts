import { randomBytes } from "node:crypto";

/**
 * Fresh names for one check execution: `<prefix>-<8 hex>-<label>`. Random rather than drawn from the seed: the
 * target remembers every name ever registered (soft disconnect keeps it), so a re-run with the same seed against
 * the same server must not meet its own old names. Command names use it too, so a client can tell the suite's
 * commands from other traffic on a shared server.
 */
export function freshNames(prefix: string): (label: string) => string {
  const nonce = randomBytes(4).toString("hex");
  return (label) => `${prefix}-${nonce}-${label}`;
}
