import { type LoadReport, type MetricReport, messageCount } from "./report.js";

/** How many users may fail to connect before the run fails: a count, or a percentage of the users that tried. */
export type ConnectFailureLimit = { readonly count: number } | { readonly percent: number };

export interface RunJudgement {
  /** What makes the run fail (exit 1) whatever its budgets say; empty when none. */
  readonly problems: string[];
  /** What a passing run must still say on its first line: messages that failed, users that stopped early. */
  readonly notes: string[];
}

/**
 * The run's verdict in one line, for the report's `status` and the summary's first line: `ok`, `ok, but ...`,
 * `failed: ...`, each prefixed `partial (stopped by Ctrl-C): ` when the run was cut short.
 */
export function statusLine(judgement: RunJudgement, partial: boolean): string {
  const { problems, notes } = judgement;
  const verdict =
    problems.length > 0
      ? `failed: ${[...problems, ...notes].join("; ")}`
      : notes.length > 0
        ? `ok, but ${notes.join("; ")}`
        : "ok";
  return partial ? `partial (stopped by Ctrl-C): ${verdict}` : verdict;
}

/** The most frequent causes of a set of metrics, `metric: cause xN`, at most three. */
function topCauses(report: LoadReport, names: readonly string[]): string {
  const all = names.flatMap((name) =>
    Object.entries(report.metrics[name]?.errors ?? {}).map(([cause, n]) => ({ text: `${name}: ${cause}`, n })),
  );
  all.sort((a, b) => b.n - a.n);
  const shown = all.slice(0, 3).map((c) => `${c.text} x${c.n}`);
  return shown.length === 0 ? "" : ` (${shown.join(", ")}${all.length > 3 ? ", ..." : ""})`;
}

function exceeds(failed: number, tried: number, limit: ConnectFailureLimit): boolean {
  return "count" in limit ? failed > limit.count : failed * 100 > limit.percent * tried;
}

/**
 * Judges a run apart from its budgets: users that never connected beyond `maxConnectFailures`, and a run that
 * expected messages but delivered none (a target that froze or answers nothing) fail it. Failed messages of a run
 * that otherwise passed are noted, never silent.
 */
export function judgeRun(
  report: LoadReport,
  opts: { maxConnectFailures: ConnectFailureLimit; expectsMessages: boolean },
): RunJudgement {
  const problems: string[] = [];
  const notes: string[] = [];
  const connect = report.metrics.connect;
  if (connect !== undefined) {
    const tried = messageCount(connect);
    const failed = tried - connect.outcomes.delivered;
    if (failed > 0 && exceeds(failed, tried, opts.maxConnectFailures)) {
      problems.push(`${failed} of ${tried} users never connected${topCauses(report, ["connect"])}`);
    }
  }
  const messages = Object.keys(report.metrics).filter((name) => {
    const kind = report.metrics[name]?.kind;
    return kind === "message" || kind === "reply";
  });
  const delivered = messages.reduce((n, name) => n + (report.metrics[name]?.outcomes.delivered ?? 0), 0);
  const sent = messages.reduce((n, name) => n + messageCount(report.metrics[name] ?? NONE), 0);
  if (opts.expectsMessages && delivered === 0) {
    // Nothing failed either, and users connected: a stream the server never wrote to (a log nobody caused).
    const silent = sent === 0 && (connect?.outcomes.delivered ?? 0) > 0;
    problems.push(
      `no message was delivered${silent ? " (none failed: the server pushed nothing)" : topCauses(report, messages)}`,
    );
  } else if (sent > delivered) {
    notes.push(`${sent - delivered} of ${sent} messages failed${topCauses(report, messages)}`);
  }
  const stopped = Object.entries(report.skipped ?? {}).filter(([, s]) => s.users > 0 && s.steps > 0);
  for (const [metric, s] of stopped) {
    if (metric !== "connect") notes.push(`${s.users} users stopped after ${metric} failed (${s.steps} steps not run)`);
  }
  for (const [name, metric] of Object.entries(report.metrics)) {
    const note = unmeasuredNote(name, metric);
    // Receivers that got pushes but not one the sender numbered: the server dropped what identifies them.
    const none =
      metric.kind === "other" && (report.metrics[name.replace(/:other$/, "")]?.outcomes.delivered ?? 0) === 0;
    if (note !== undefined) (none ? problems : notes).push(note);
  }
  return { problems, notes };
}

/** What a metric could not measure on pushes that lacked its fields: said plainly, not counted as failures. */
function unmeasuredNote(name: string, metric: MetricReport): string | undefined {
  // A fan-out stream's pushes without the sender's number: a beacon, or a server that dropped the number.
  if (metric.kind === "other" && metric.outcomes.delivered > 0)
    return `${name}: ${metric.outcomes.delivered} pushes without the sender's sequence number, not counted as received`;
  const { sequence = 0, latency = 0 } = metric.unmeasured ?? {};
  const of = metric.outcomes.delivered;
  const parts = [
    ...(sequence > 0 ? [`loss and order not measured for ${sequence} of ${of} (no sequence number)`] : []),
    ...(latency > 0 ? [`latency not measured for ${latency} of ${of} (no send time)`] : []),
  ];
  return parts.length === 0 ? undefined : `${name}: ${parts.join(", ")}`;
}

const NONE = { outcomes: { delivered: 0, lost: 0, errored: 0, timedOut: 0 } };
