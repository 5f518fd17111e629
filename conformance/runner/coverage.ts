import { type CheckResult, isNotRun } from "./result.js";

/**
 * Checks that reached no verdict for one cause: skipped for the same reason, or blocked by the same set-up step.
 * The summary shows each group once, so one missing credential or one broken set-up step reads as one fact.
 */
export interface NotMeasured {
  readonly kind: "skip" | "blocked";
  /** For `blocked`: the set-up step's name. */
  readonly step?: string;
  /** Why: the skip reason, or how the set-up step failed (the first check's, when they differ). */
  readonly reason: string;
  /** How many other causes the group's blocked checks gave (the JSON report has each). */
  readonly otherReasons: number;
  readonly ids: readonly string[];
  /** How many of `ids` are `must` checks. */
  readonly must: number;
}

/** How much of the selection a run measured. */
export interface Coverage {
  /** Checks selected by `--checks` minus `--exclude`. */
  readonly selected: number;
  /** Checks that reached a verdict or an error of their own (not skipped, blocked or left out after a lost target). */
  readonly ran: number;
  /** The ids `--exclude` removed from the selection. */
  readonly excluded: readonly string[];
  readonly notMeasured: readonly NotMeasured[];
  /** Why the verdict is INCOMPLETE (a `must` check was skipped or blocked), e.g. "40 must checks skipped: no --token given". */
  readonly incomplete?: string;
}

export function coverageOf(results: readonly CheckResult[], excluded: readonly string[]): Coverage {
  const notMeasured = notMeasuredOf(results);
  const ran = results.filter((r) => r.classification !== "skip" && r.classification !== "blocked" && !isNotRun(r));
  const incomplete = incompleteReason(notMeasured);
  return {
    selected: results.length,
    ran: ran.length,
    excluded,
    notMeasured,
    ...(incomplete === undefined ? {} : { incomplete }),
  };
}

function notMeasuredOf(results: readonly CheckResult[]): NotMeasured[] {
  const groups = new Map<string, { kind: "skip" | "blocked"; step?: string; reasons: string[]; rs: CheckResult[] }>();
  for (const r of results) {
    if (r.classification !== "skip" && r.classification !== "blocked") continue;
    const reason = r.reason ?? "";
    // Blocked checks group by step: their causes may differ in detail (an id, a timeout) and are still one fact.
    const key = r.classification === "blocked" ? `blocked\u0000${r.step}` : `skip\u0000${reason}`;
    const group = groups.get(key) ?? {
      kind: r.classification,
      ...(r.step === undefined ? {} : { step: r.step }),
      reasons: [],
      rs: [],
    };
    if (!group.reasons.includes(reason)) group.reasons.push(reason);
    group.rs.push(r);
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => ({
    kind: g.kind,
    ...(g.step === undefined ? {} : { step: g.step }),
    reason: g.reasons[0] ?? "",
    otherReasons: g.reasons.length - 1,
    ids: g.rs.map((r) => r.id),
    must: g.rs.filter((r) => r.level === "must").length,
  }));
}

const checks = (n: number, level = "") => `${n} ${level}${n === 1 ? "check" : "checks"}`;

/** "12 checks blocked by set-up step `lab deploys`: no lab-ready push within 2000 ms" (with `level`, "12 must checks ..."). */
export function describeNotMeasured(g: NotMeasured, n = g.ids.length, level = ""): string {
  const others = g.otherReasons === 0 ? "" : ` (and ${g.otherReasons} other cause${g.otherReasons === 1 ? "" : "s"})`;
  return g.kind === "skip"
    ? `${checks(n, level)} skipped: ${g.reason}`
    : `${checks(n, level)} blocked by set-up step \`${g.step}\`: ${g.reason}${others}`;
}

/** Causes the verdict line names; the rest are in the summary's "Not measured" list, so the line stays readable. */
const CAUSES_SHOWN = 2;

function incompleteReason(groups: readonly NotMeasured[]): string | undefined {
  // The cause that left the most must checks unmeasured first: usually the one missing flag to give.
  const must = groups.filter((g) => g.must > 0).sort((a, b) => b.must - a.must);
  if (must.length === 0) return undefined;
  if (must.length === 1 && must[0] !== undefined) return describeNotMeasured(must[0], must[0].must, "must ");
  const total = must.reduce((n, g) => n + g.must, 0);
  const shown = must.slice(0, CAUSES_SHOWN).map((g) => describeNotMeasured(g, g.must));
  const more = must.length - CAUSES_SHOWN;
  if (more > 0) shown.push(`${more} more cause${more === 1 ? "" : "s"} under Not measured`);
  return `${checks(total, "must ")} not measured (${shown.join("; ")})`;
}

/**
 * Ids listed compactly, grouped by their area: `antimony.logs.{follow, unknown-node}, antimony.shells.open`.
 * Order is kept within each area; areas appear in the order of their first id.
 */
export function compactIds(ids: readonly string[]): string {
  const areas = new Map<string, string[]>();
  for (const id of ids) {
    const cut = id.indexOf(".", id.indexOf(".") + 1);
    const [area, rest] = cut < 0 ? [id, ""] : [id.slice(0, cut), id.slice(cut + 1)];
    areas.set(area, [...(areas.get(area) ?? []), rest]);
  }
  return [...areas.entries()]
    .map(([area, rests]) =>
      rests.length === 1 ? (rests[0] === "" ? area : `${area}.${rests[0]}`) : `${area}.{${rests.join(", ")}}`,
    )
    .join(", ");
}
