import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { LOG_LEVELS, logEntrySchema } from "../../protocols/nestmtx/index.js";
import { fail, pass, skip, type Verdict } from "../index.js";
import { type Ctx, doc, type NestmtxCheck } from "./doc.js";
import { drain } from "./pushes.js";
import { authed, NO_TOKEN_REASON } from "./session.js";

const DOCUMENTED_LEVELS: readonly number[] = Object.values(LOG_LEVELS);

/** The `log` entries an authenticated socket gets right after connecting (a replay, or live lines meanwhile). */
async function someEntries(ctx: Ctx): Promise<{ entries: unknown[] } | { skip: string }> {
  const client = await authed(ctx);
  if (client === undefined) return { skip: NO_TOKEN_REASON };
  const entries = await drain(client, "log", ctx.timeoutMs);
  return entries.length > 0
    ? { entries }
    : { skip: `no log entry arrived within ${ctx.timeoutMs} ms (nestmtx.md does not say what is logged when)` };
}

/** Fails with the first entries that break `rule`, or passes; skips when no entry came. */
async function everyEntry(
  ctx: Ctx,
  rule: (entry: unknown) => string | undefined,
  title: string,
  expected: string,
): Promise<Verdict> {
  const got = await someEntries(ctx);
  if ("skip" in got) return skip(got.skip);
  const bad = got.entries.flatMap((entry) => {
    const problem = rule(entry);
    return problem === undefined ? [] : [{ entry, problem }];
  });
  return bad.length === 0 ? pass() : fail({ title, expected, actual: bad.slice(0, 3) });
}

/** Levels are judged by nestmtx.logs.levels alone, so a pino-numbered server fails one check, not two. */
const entryFields = logEntrySchema.extend({ level: z.number() });

/** The fields of § Streaming Logs, with `time` and `timestamp` naming the same instant. */
function fieldProblem(entry: unknown): string | undefined {
  const result = entryFields.safeParse(entry);
  if (!result.success) return result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
  const { time, timestamp } = result.data;
  // An ISO timestamp may be written to the second: the two agree within that precision.
  return Math.abs(Date.parse(timestamp) - time) < 1000 ? undefined : `time ${time} and timestamp ${timestamp} differ`;
}

export const logChecks: readonly NestmtxCheck[] = [
  {
    id: "nestmtx.logs.entry-fields",
    level: "must",
    doc: doc("logs"),
    title: "sends log entries on `log` with hostname, level, msg, pid, service, time (ms) and timestamp (ISO)",
    run: (ctx) =>
      everyEntry(
        ctx,
        fieldProblem,
        "every log entry has the documented properties",
        "{hostname: string, level, msg: string, pid: integer, service: string, time: ms integer, timestamp: ISO, same instant}",
      ),
  },
  {
    id: "nestmtx.logs.levels",
    level: "must",
    doc: doc("logLevels"),
    title: `uses the documented levels ${DOCUMENTED_LEVELS.join(", ")} (trace … fatal)`,
    run: (ctx) =>
      everyEntry(
        ctx,
        (entry) => {
          const level = (entry as { level?: unknown } | null)?.level;
          return DOCUMENTED_LEVELS.includes(level as number)
            ? undefined
            : `level ${JSON.stringify(level)} is not one of ${DOCUMENTED_LEVELS.join(", ")}` +
                " (pino numbers trace..fatal 10..60, as the real server's logger does; the document wins, D10)";
        },
        "every log entry has a documented level",
        `level in ${DOCUMENTED_LEVELS.join(", ")}`,
      ),
  },
  {
    id: "nestmtx.logs.replay-on-connect",
    level: "should",
    doc: doc("logs"),
    title: "sends a newly connected socket the entries logged before it connected (the Logs page's backlog)",
    run: async (ctx) => {
      const first = await authed(ctx);
      if (first === undefined) return skip(NO_TOKEN_REASON);
      const seen = await drain(first, "log", ctx.timeoutMs);
      const latest = seen.at(-1);
      if (latest === undefined) return skip(`no log entry arrived within ${ctx.timeoutMs} ms: nothing to replay`);
      const second = await authed(ctx);
      if (second === undefined) return skip(NO_TOKEN_REASON);
      const replayed = await drain(second, "log", ctx.timeoutMs);
      return replayed.some((e) => isDeepStrictEqual(e, latest))
        ? pass()
        : fail({
            title: "a new connection is sent the entries logged before it (REAL-SERVERS.md: the last 100)",
            expected: { anEntryEqualTo: latest },
            actual:
              replayed.length === 0 ? "no log entry" : { entriesReceived: replayed.length, last: replayed.at(-1) },
          });
    },
  },
];
