/**
 * The few Antimony constants the scripts send, restated from protocols/antimony/ because k6 cannot load zod, which
 * those files import. test/scenarios/k6/lib/antimony.test.ts fails when they drift apart.
 */
export const labCommand = { deploy: 0, openShell: 6, closeShell: 7 } as const; // labCommands in lab-commands.ts
export const shellLimitCode = 5008; // antimony.md § Error Codes, the max open shell limit

/** The code of an Antimony error ack `{code, message}`, or undefined for a success `{payload}` (§ Error Codes). */
export function ackError(ack: unknown): number | undefined {
  const code = (ack as { code?: unknown } | undefined)?.code;
  return typeof code === "number" ? code : undefined;
}

/** The payload of a success ack. */
export function ackPayload(ack: unknown): unknown {
  return (ack as { payload?: unknown } | undefined)?.payload;
}

/**
 * The token `volley serve` prints for the demo user alice (owner of lab-alpha): the default TOKEN, so the scripts run
 * against a default reference server without setup. test/scenarios/k6/reference-server/antimony.test.ts checks it.
 */
export const demoAliceToken =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSIsImV4cCI6NDEwMjQ0NDgwMH0.J8GggvdSGlNcb78tjGky3T499uJq6WwbM_Un20_WUO4";
