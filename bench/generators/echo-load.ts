import { z } from "zod";

/**
 * The load every generator contender applies to the echo server: `vus` sockets, each sending `perVu` acked
 * `echo` emits at `ratePerVu` per second. Passed to a generator process as JSON in its first argument.
 */
export const echoLoadSchema = z.object({
  url: z.string(),
  vus: z.number().int().positive(),
  ratePerVu: z.number().positive(),
  perVu: z.number().int().positive(),
});

export type EchoLoad = z.infer<typeof echoLoadSchema>;

export function echoLoadFromArgs(): EchoLoad {
  return echoLoadSchema.parse(JSON.parse(process.argv[2] ?? "{}"));
}

export function totalEmits(load: EchoLoad): number {
  return load.vus * load.perVu;
}

/** Milliseconds after a user's start at which its n-th emit (from 0) is due: the open schedule. */
export function dueAt(load: EchoLoad, n: number): number {
  return (n * 1000) / load.ratePerVu;
}
