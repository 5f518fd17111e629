import { escapeXml as esc } from "../../reporting/escape-xml.js";
import { badge, htmlPage, htmlTable, type Tone } from "../../reporting/html-page.js";
import type { DocPointer } from "../check.js";
import { compactIds, describeNotMeasured } from "../runner/coverage.js";
import { type CheckResult, type Classification, isNotRun, type Report } from "../runner/result.js";
import { show, verdictLine } from "./summary.js";

export interface HtmlOptions {
  /** Check ids to the replay files written for them, as the summary prints them. */
  readonly replayFiles?: ReadonlyMap<string, string>;
  /**
   * Where a section sits in its document (a character offset, -1 when not found): sections are shown in the
   * document's order. Without it, or for a section not found, in the order the suite ran them.
   */
  readonly sectionPosition?: (doc: DocPointer) => number;
}

const TONE: Record<Classification, Tone> = {
  pass: "ok",
  fail: "fail",
  "expected-fail": "muted",
  "unexpected-pass": "warn",
  skip: "muted",
  blocked: "warn",
  error: "fail",
};

/**
 * The conformance report a person opens: the verdict and the unexpected failures first (what failed, what was
 * expected, what came, how to reproduce), then coverage, then the document's sections in order with every check's
 * level and verdict, and the known departures apart from the new ones. No script: plain HTML, offline.
 */
export function renderHtml(report: Report, options: HtmlOptions = {}): string {
  const failed = report.results.filter((r) => r.classification === "fail");
  const verdict = verdictLine(report, failed.filter((r) => r.level === "should").length);
  const tone: Tone = verdict.startsWith("PASS") ? "ok" : verdict.startsWith("INCOMPLETE") ? "warn" : "fail";
  const [head = verdict, ...notes] = verdict.split(" (");
  const body = [
    "<main>",
    `<h1>Conformance: ${esc(report.api)}</h1>`,
    `<p class="sub">${esc(report.target)} · Socket.IO ${report.sioVersion} · seed ${report.seed} · ${report.numRuns} runs · ${esc(report.startedAt)} · ${(report.durationMs / 1000).toFixed(1)} s${report.strict ? " · --strict" : ""}</p>`,
    `<div class="banner ${tone}" id="verdict">${esc(head)}${notes.length === 0 ? "" : `<small>(${esc(notes.join(" ("))}</small>`}</div>`,
    countCards(report),
    targetLost(report),
    failed.length === 0
      ? ""
      : `<h2>Unexpected failures (${failed.length})</h2>${failed.map((r) => failureBox(r, report, options)).join("")}`,
    coverage(report),
    sections(report, options),
    known(report),
    restarts(report),
    "</main>",
  ];
  return htmlPage(`Volley conformance: ${report.api}`, body.join("\n"));
}

function countCards(report: Report): string {
  const c = report.counts;
  const card = (n: number, label: string, t: Tone) =>
    `<div class="card ${t}"><b>${n}</b><span>${esc(label)}</span></div>`;
  return `<div class="cards" id="counts">${[
    card(c.pass, "passed", "ok"),
    card(c.fail, "failed (unexpected)", "fail"),
    card(c["expected-fail"], "expected failures", "muted"),
    card(c["unexpected-pass"], "unexpected passes", "warn"),
    card(c.skip, "skipped", "muted"),
    card(c.blocked, "blocked", "warn"),
    card(c.error, "errors", "fail"),
  ].join("")}</div>`;
}

function failureBox(r: CheckResult, report: Report, options: HtmlOptions): string {
  const f = r.failure;
  if (f === undefined) return "";
  const replay = options.replayFiles?.get(r.id);
  const reproduce = [
    f.reproduce,
    ...(replay === undefined ? [] : [`volley replay ${replay} --target ${report.target}`]),
  ];
  const rows: [string, string][] = [
    ["document", esc(`${r.doc.file} § ${r.doc.section}`)],
    ["expected", `<pre>${esc(show(f.expected))}</pre>`],
    ["actual", `<pre>${esc(show(f.actual))}</pre>`],
    ...(f.counterexample === undefined
      ? []
      : [["counterexample", `<pre>${esc(f.counterexample)}</pre>`] as [string, string]]),
    ...(r.reason === undefined ? [] : [["then", esc(r.reason)] as [string, string]]),
    ["reproduce", `<pre>${esc(reproduce.join("\n"))}</pre>`],
  ];
  const transcript =
    f.transcript.length === 0
      ? ""
      : `<details><summary>transcript (${f.transcript.length} exchanges)</summary><pre>${esc(f.transcript.map((e) => show(e)).join("\n"))}</pre></details>`;
  return `<div class="fail-box" id="fail-${esc(r.id)}"><h3>${badge("fail", r.level)} ${esc(r.id)}: ${esc(f.title)}</h3><p>${esc(r.title)}</p><dl>${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join("")}</dl>${transcript}</div>`;
}

function coverage(report: Report): string {
  const cov = report.coverage;
  const lines = [
    `${cov.ran} of ${cov.selected} selected checks ran${cov.excluded.length === 0 ? "" : `; ${cov.excluded.length} excluded by --exclude: ${compactIds(cov.excluded)}`}`,
    ...(cov.incomplete === undefined ? [] : [`INCOMPLETE: ${cov.incomplete}`]),
    ...cov.notMeasured.map((g) => `${describeNotMeasured(g)} — ${compactIds(g.ids)}`),
  ];
  const lost = report.results.filter(isNotRun).length;
  if (lost > 0) lines.push(`${lost} not run after the target was lost`);
  return `<h2>Coverage</h2><ul id="coverage">${lines.map((l) => `<li>${esc(l)}</li>`).join("")}</ul>`;
}

/** Every check under its document section, sections in the document's order. */
function sections(report: Report, options: HtmlOptions): string {
  const groups = new Map<string, { doc: DocPointer; first: number; rs: CheckResult[] }>();
  report.results.forEach((r, i) => {
    const key = `${r.doc.file}\u0000${r.doc.section}`;
    const g = groups.get(key) ?? { doc: r.doc, first: i, rs: [] };
    g.rs.push(r);
    groups.set(key, g);
  });
  const position = (g: { doc: DocPointer; first: number }) => {
    const p = options.sectionPosition?.(g.doc) ?? -1;
    // Not found in the document: after every found section, in run order.
    return p < 0 ? Number.MAX_SAFE_INTEGER / 2 + g.first : p;
  };
  const ordered = [...groups.values()].sort(
    (a, b) => a.doc.file.localeCompare(b.doc.file) || position(a) - position(b),
  );
  const parts = ordered.map((g) => {
    const rows = [["check", "level", "verdict", "title", "detail"]];
    for (const r of g.rs) {
      rows.push([
        `<code>${esc(r.id)}</code>`,
        esc(r.level),
        badge(TONE[r.classification], r.classification),
        esc(r.title),
        esc(detailOf(r)),
      ]);
    }
    const bad = g.rs.filter((r) => TONE[r.classification] === "fail").length;
    return `<h3>${esc(g.doc.section)} <small class="sub">${esc(g.doc.file)} · ${g.rs.length} check${g.rs.length === 1 ? "" : "s"}${bad === 0 ? "" : ` · ${bad} failed`}</small></h3>${htmlTable("checks", rows)}`;
  });
  return `<h2>By document section</h2><div id="sections">${parts.join("\n")}</div>`;
}

function detailOf(r: CheckResult): string {
  if (r.classification === "fail") return r.failure?.title ?? "";
  if (r.classification === "blocked") return `blocked by set-up step \`${r.step}\`: ${r.reason ?? ""}`;
  return r.reason?.split("\n")[0] ?? "";
}

/** Known departures (the expectations file) shown apart, so a new failure is never lost among them. */
function known(report: Report): string {
  const xfail = report.results.filter((r) => r.classification === "expected-fail");
  const xpass = report.results.filter((r) => r.classification === "unexpected-pass");
  const out: string[] = [];
  if (xfail.length > 0) {
    out.push(
      `<h2>Expected failures (${xfail.length})</h2>`,
      htmlTable("expected", [
        ["check", "level", "reason"],
        ...xfail.map((r) => [`<code>${esc(r.id)}</code>`, esc(r.level), esc(r.reason ?? "")]),
      ]),
    );
  }
  if (xpass.length > 0) {
    out.push(
      `<h2>Unexpected passes (${xpass.length}): remove them from the expectations file</h2>`,
      `<ul>${xpass.map((r) => `<li><code>${esc(r.id)}</code></li>`).join("")}</ul>`,
    );
  }
  if (report.unknownExpectations.length > 0) {
    out.push(
      "<h2>Expectations naming no check</h2>",
      `<ul>${report.unknownExpectations.map((id) => `<li><code>${esc(id)}</code></li>`).join("")}</ul>`,
    );
  }
  return out.join("\n");
}

function targetLost(report: Report): string {
  if (report.targetLost === undefined) return "";
  const n = report.results.filter(isNotRun).length;
  return `<div class="fail-box"><h3>Target lost</h3><p>${esc(report.targetLost)}: the ${n} checks not run after it are errors, not verdicts.</p></div>`;
}

function restarts(report: Report): string {
  if (report.restarts.length === 0) return "";
  const rows = report.restarts.map((r) => [
    `<code>${esc(r.afterCheck)}</code>`,
    r.ok ? badge("ok", `back in ${r.durationMs} ms`) : badge("fail", "failed"),
    esc(r.message ?? ""),
  ]);
  return `<h2>Restarts (--restart)</h2>${htmlTable("restarts", [["after check", "result", "why"], ...rows])}`;
}
