import { isDeepStrictEqual } from "node:util";
import { LOG_LEVELS } from "../../protocols/nestmtx/index.js";
import { fail, pass, skip, type Verdict } from "../index.js";
import { type Ctx, doc, type NestmtxCheck, QUOTES } from "./doc.js";
import { logEntryProblem } from "./documented.js";
import { PROVOKING_ACTIONS, provokeLog } from "./provoke.js";
import { drain } from "./pushes.js";
import { authed, type Step } from "./session.js";

const DOCUMENTED_LEVELS: readonly number[] = Object.values(LOG_LEVELS);

const NOTHING_LOGGED = (ms: number) =>
  `no log entry arrived within ${ms} ms of connecting nor after ${PROVOKING_ACTIONS} ` +
  "(nestmtx.md does not say what is logged when)";

/**
 * `log` entries an authenticated socket gets: whatever comes on connecting (a replay), then what the server logs
 * while the suite does documented things (provoke.ts), so a server that logs only on activity is judged too.
 */
async function someEntries(ctx: Ctx): Promise<Step<unknown[]>> {
  const client = await authed(ctx);
  if (!client.ok) return client;
  const early = await drain(client.value, "log");
  await provokeLog(ctx, client.value);
  const entries = [...early, ...(await drain(client.value, "log", ctx.timeoutMs))];
  return entries.length > 0
    ? { ok: true, value: entries }
    : { ok: false, verdict: skip(NOTHING_LOGGED(ctx.timeoutMs)) };
}

/** Fails with the entries that break `rule`, or passes; skips when nothing was logged. */
async function everyEntry(
  ctx: Ctx,
  rule: (entry: unknown) => string | undefined,
  title: string,
  expected: string,
): Promise<Verdict> {
  const got = await someEntries(ctx);
  if (!got.ok) return got.verdict;
  const bad = got.value.flatMap((entry) => {
    const problem = rule(entry);
    return problem === undefined ? [] : [{ entry, problem }];
  });
  return bad.length === 0 ? pass() : fail({ title, expected, actual: bad });
}

export const logChecks: readonly NestmtxCheck[] = [
  {
    id: "nestmtx.logs.entry-fields",
    level: "must",
    doc: doc("logs", "Log events have a payload which contain a JSON object with the following properties:"),
    title: "sends log entries on `log` with hostname, level, msg, pid, service, time (ms) and timestamp (ISO)",
    run: (ctx) =>
      everyEntry(
        ctx,
        logEntryProblem,
        "every log entry has the documented properties",
        "{hostname: string, level: number, msg: string, pid, service: string, time: ms, timestamp: ISO, one instant}",
      ),
  },
  {
    id: "nestmtx.logs.levels",
    level: "must",
    doc: doc("logLevels", "The log levels are defined as follows:"),
    title: `uses the documented levels ${DOCUMENTED_LEVELS.join(", ")} (trace … fatal)`,
    run: (ctx) =>
      everyEntry(
        ctx,
        (entry) => {
          const level = (entry as { level?: unknown } | null)?.level;
          return DOCUMENTED_LEVELS.includes(level as number)
            ? undefined
            : `level ${JSON.stringify(level)} is not one of ${DOCUMENTED_LEVELS.join(", ")}` +
                " (pino numbers trace..fatal 10..60, as the real server's logger does; the document wins)";
        },
        "every log entry has a documented level",
        `level in ${DOCUMENTED_LEVELS.join(", ")}`,
      ),
  },
  {
    id: "nestmtx.logs.replay-on-connect",
    level: "should",
    doc: doc("logs", QUOTES.logs, "REAL-SERVERS: on connect the last 100 log entries are replayed"),
    title: "sends a newly connected socket the entries logged before it connected (the Logs page's backlog)",
    run: async (ctx) => {
      const seen = await someEntries(ctx);
      if (!seen.ok) return seen.verdict;
      const latest = seen.value.at(-1);
      const second = await authed(ctx);
      if (!second.ok) return second.verdict;
      const replayed = await drain(second.value, "log", ctx.timeoutMs);
      return replayed.some((e) => isDeepStrictEqual(e, latest))
        ? pass()
        : fail({
            title: "a new connection is sent the entries logged before it (REAL-SERVERS.md: the last 100)",
            expected: { anEntryEqualTo: latest },
            actual: replayed.length === 0 ? "no log entry" : { entriesReceived: replayed },
          });
    },
  },
];
