import { labCommands, labLogsNamespace, nodeLogsNamespace } from "../../protocols/antimony/index.js";
import { fail, Mismatch, pass, type SioClient } from "../index.js";
import { type AntimonyCheck, type Ctx, doc, QUOTES } from "./doc.js";
import { backlogSchema, lineSchema } from "./documented.js";
import {
  command,
  deploy,
  deployedSetup,
  destroy,
  fixtureSetup,
  openAs,
  ownerOpens,
  step,
  UNDEPLOYED,
} from "./session.js";

/** The first event on a fresh log subscription must be its backlog (§ Lab/Node Log Streaming: "when a client subscribes"). */
async function backlogOf(client: SioClient, title: string): Promise<string[]> {
  const got = await client.next("backlog");
  const lines = got.kind === "event" ? got.args[0] : "no backlog";
  if (!backlogSchema.safeParse(lines).success)
    throw new Mismatch({ title, expected: "backlog: string[] on subscribe", actual: lines });
  return lines as string[];
}

/** The `data` lines that arrive until `silenceMs` passes without one, at most `max` (a busy node never pauses). */
async function linesUntilQuiet(ctx: Ctx, client: SioClient, max = 50): Promise<string[]> {
  const out: string[] = [];
  while (out.length < max) {
    const got = await client.next("data", ctx.silenceMs);
    if (got.kind === "timeout") return out;
    if (!lineSchema.safeParse(got.args[0]).success)
      throw new Mismatch({ title: "a log line is not a string", expected: "data: string", actual: got.args[0] });
    out.push(got.args[0] as string);
  }
  return out;
}

export const logChecks: AntimonyCheck[] = [
  {
    id: "antimony.logs.lab-backlog-on-subscribe",
    level: "must",
    doc: doc("labLogs", QUOTES.logBacklog),
    title: "sends /logs/<labId>'s backlog (string[]) to a new subscriber",
    run: async (ctx) => {
      const s = await deployedSetup(ctx);
      if (!s.ok) return s.verdict;
      const logs = await ownerOpens(ctx, s.value.token, labLogsNamespace(s.value.lab.id));
      await backlogOf(logs, "a new lab-log subscriber gets no backlog");
      return pass();
    },
  },
  {
    id: "antimony.logs.lab-live-lines",
    level: "must",
    doc: doc("labLogs", "The server sends a backlog of all previously emited logs to the client."),
    title: "streams deployment log lines (strings) live, and a later subscriber's backlog holds them",
    run: async (ctx) => {
      const s = await deployedSetup(ctx);
      if (!s.ok) return s.verdict;
      const { token, lab, cmd } = s.value;
      const first = await ownerOpens(ctx, token, labLogsNamespace(lab.id));
      await first.next("backlog");
      // A redeploy is the documented way to make deployment logs (§ Lab Log Streaming).
      const redeployed = step(`redeploy lab ${lab.id}`, (await deploy(ctx, token, lab, cmd)).ack);
      if (!redeployed.ok) return redeployed.verdict;
      const live = await linesUntilQuiet(ctx, first);
      if (live.length === 0)
        return fail({ title: "a deploy streams no log line", expected: "at least one data line", actual: "none" });
      const later = await ownerOpens(ctx, token, labLogsNamespace(lab.id));
      const backlog = await backlogOf(later, "a later lab-log subscriber gets no backlog");
      const missing = live.filter((line) => !backlog.includes(line));
      if (missing.length > 0)
        return fail({ title: "the backlog lacks lines already streamed", expected: live, actual: backlog });
      return pass();
    },
  },
  {
    id: "antimony.logs.node-backlog-on-subscribe",
    level: "must",
    doc: doc("nodeLogs", QUOTES.logBacklog),
    title:
      "sends /logs/<labId>/<node>'s backlog (string[]) to a new subscriber while the lab is deployed, then string lines",
    run: async (ctx) => {
      const s = await deployedSetup(ctx);
      if (!s.ok) return s.verdict;
      const { token, lab, cmd } = s.value;
      const node = lab.nodes[0] ?? "";
      const logs = await ownerOpens(ctx, token, nodeLogsNamespace(lab.id, node));
      await backlogOf(logs, "a new node-log subscriber gets no backlog");
      // A restart is the documented action most likely to make a node log (a quiet node would otherwise leave the
      // lines' type unchecked); its ack is node-commands-ack's business. A node may still be quiet (its container
      // decides), so lines are not required; those that come must be strings.
      await command(ctx, cmd, { labId: lab.id, command: labCommands.restartNode, node });
      await linesUntilQuiet(ctx, logs, 5);
      return pass();
    },
  },
  {
    id: "antimony.logs.node-log-needs-deployed-lab",
    level: "must",
    doc: doc(
      "nodeLogs",
      "A node log namespace for a certain node is only available when the node's parent lab is currently deployed.",
    ),
    title: "refuses /logs/<labId>/<node> once the lab has been destroyed",
    run: async (ctx) => {
      const s = await deployedSetup(ctx);
      if (!s.ok) return s.verdict;
      const { token, lab, cmd } = s.value;
      const destroyed = step(`destroy lab ${lab.id}`, await destroy(ctx, token, lab, cmd));
      if (!destroyed.ok) return destroyed.verdict;
      const r = await openAs(ctx, token, nodeLogsNamespace(lab.id, lab.nodes[0] ?? ""));
      return r.ok
        ? fail({ title: "a node log is available in a destroyed lab", expected: "refused", actual: "connected" })
        : pass();
    },
  },
  {
    id: "antimony.logs.lab-log-needs-instance",
    level: "must",
    doc: doc("labLogs", "A lab log namespace for a certain lab is only available once that lab has an instance."),
    title: "refuses /logs/<labId> for a lab that has never been deployed",
    run: async (ctx) => {
      const s = fixtureSetup(ctx, "undeployedLab", UNDEPLOYED);
      if (!s.ok) return s.verdict;
      const r = await openAs(ctx, s.value.token, labLogsNamespace(s.value.lab.id));
      return r.ok
        ? fail({ title: "a lab log exists before any deploy", expected: "refused", actual: "connected" })
        : pass();
    },
  },
];
