/** What a client sent with one event: its arguments and, when the last one is a function, the ack callback (D7). */
export interface Call {
  readonly values: readonly unknown[];
  readonly ack: ((...args: unknown[]) => void) | undefined;
}

export function splitCall(args: readonly unknown[]): Call {
  const last = args.at(-1);
  if (typeof last === "function") return { values: args.slice(0, -1), ack: last as (...a: unknown[]) => void };
  return { values: args, ack: undefined };
}
