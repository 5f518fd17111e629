/** How big a bench run is: `full` for `npm run bench`, `tiny` for the smoke test in `npm test`. */
export type Scale = "full" | "tiny";

/** Contenders run in this order in even rounds and reversed in odd ones (A B C, C B A, ...), so none always goes first. */
export function roundOrder<T>(contenders: readonly T[], round: number): readonly T[] {
  return round % 2 === 0 ? contenders : [...contenders].reverse();
}
