import type { Verdict } from "../budgets/gate.js";
import type { LoadReport } from "../engine/report.js";

/** What ran the load: written into report.json so the HTML report, rendered from that file alone, can say it. */
export interface RunAbout {
  readonly volley: string;
  readonly node: string;
  /** The scenario file as given or found (`scenarios/command-network-request.yml`). */
  readonly scenarioFile?: string;
}

/**
 * report.json as `volley load` writes it: the engine's report, with the budgets' verdicts (measured, limit, ok or
 * fail) when `--budgets` was given, and what ran it. Merges drop both (`volley gate` judges the merged report again).
 */
export type JudgedReport = LoadReport & { readonly budgets?: readonly Verdict[]; readonly about?: RunAbout };

/** The report with the verdicts placed after the status, so the file's first lines say whether it passed. */
export function judged(report: LoadReport, budgets: readonly Verdict[] | undefined, about?: RunAbout): JudgedReport {
  const { status, partial, ...rest } = report;
  return {
    ...(status === undefined ? {} : { status }),
    ...(partial === undefined ? {} : { partial }),
    ...(budgets === undefined ? {} : { budgets }),
    ...rest,
    ...(about === undefined ? {} : { about }),
  };
}
