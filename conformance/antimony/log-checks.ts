import {
  labCommands,
  labLogsNamespace,
  logBacklogSchema,
  logLineSchema,
  nodeLogsNamespace,
} from "../../protocols/antimony/index.js";
import { fail, Mismatch, pass, type SioClient, skip } from "../index.js";
import { type AntimonyCheck, type Ctx, doc } from "./doc.js";
import {
  command,
  commandsAs,
  connectAs,
  deploy,
  ensureDeployed,
  expectPayload,
  mainSetup,
  mainToken,
  openAs,
} from "./session.js";

/** The first event on a fresh log subscription must be its backlog (§ Lab/Node Log Streaming: "when a client subscribes"). */
async function backlogOf(client: SioClient, title: string): Promise<string[]> {
  const got = await client.next("backlog");
  const lines = got.kind === "event" ? got.args[0] : "no backlog";
  if (!logBacklogSchema.safeParse(lines).success)
    throw new Mismatch({ title, expected: "backlog: string[] on subscribe", actual: lines });
  return lines as string[];
}

/** The `data` lines that arrive until `silenceMs` passes without one, at most `max` (a busy node never pauses). */
async function linesUntilQuiet(ctx: Ctx, client: SioClient, max = 50): Promise<string[]> {
  const out: string[] = [];
  while (out.length < max) {
    const got = await client.next("data", ctx.silenceMs);
    if (got.kind === "timeout") return out;
    if (!logLineSchema.safeParse(got.args[0]).success)
      throw new Mismatch({ title: "a log line is not a string", expected: "data: string", actual: got.args[0] });
    out.push(got.args[0] as string);
  }
  return out;
}

export const logChecks: AntimonyCheck[] = [
  {
    id: "antimony.logs.lab-backlog-on-subscribe",
    level: "must",
    doc: doc("labLogs"),
    title: "sends /logs/<labId>'s backlog (string[]) to a new subscriber",
    run: async (ctx) => {
      const setup = mainSetup(ctx);
      if (typeof setup === "string") return skip(setup);
      await ensureDeployed(ctx, setup.token, setup.lab, await commandsAs(ctx, setup.token));
      const logs = await connectAs(ctx, setup.token, labLogsNamespace(setup.lab.id));
      await backlogOf(logs, "a new lab-log subscriber gets no backlog");
      return pass();
    },
  },
  {
    id: "antimony.logs.lab-live-lines",
    level: "must",
    doc: doc("labLogs"),
    title: "streams deployment log lines (strings) live, and a later subscriber's backlog holds them",
    run: async (ctx) => {
      const setup = mainSetup(ctx);
      if (typeof setup === "string") return skip(setup);
      const cmd = await commandsAs(ctx, setup.token);
      await ensureDeployed(ctx, setup.token, setup.lab, cmd);
      const first = await connectAs(ctx, setup.token, labLogsNamespace(setup.lab.id));
      await first.next("backlog");
      expectPayload(await deploy(ctx, setup.token, setup.lab, cmd), "redeploy", { payload: null });
      const live = await linesUntilQuiet(ctx, first);
      if (live.length === 0)
        return fail({ title: "a deploy streams no log line", expected: "at least one data line", actual: "none" });
      const later = await connectAs(ctx, setup.token, labLogsNamespace(setup.lab.id));
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
    doc: doc("nodeLogs"),
    title:
      "sends /logs/<labId>/<node>'s backlog (string[]) to a new subscriber while the lab is deployed, then string lines",
    run: async (ctx) => {
      const setup = mainSetup(ctx);
      if (typeof setup === "string") return skip(setup);
      await ensureDeployed(ctx, setup.token, setup.lab, await commandsAs(ctx, setup.token));
      const logs = await connectAs(ctx, setup.token, nodeLogsNamespace(setup.lab.id, setup.lab.nodes[0] ?? ""));
      await backlogOf(logs, "a new node-log subscriber gets no backlog");
      // A node may be quiet (its container decides), so lines are not required; those that come must be strings.
      await linesUntilQuiet(ctx, logs, 5);
      return pass();
    },
  },
  {
    id: "antimony.logs.node-log-needs-deployed-lab",
    level: "must",
    doc: doc("nodeLogs"),
    title: "refuses /logs/<labId>/<node> once the lab has been destroyed",
    run: async (ctx) => {
      const setup = mainSetup(ctx);
      if (typeof setup === "string") return skip(setup);
      const cmd = await commandsAs(ctx, setup.token);
      await ensureDeployed(ctx, setup.token, setup.lab, cmd);
      const destroyed = await command(ctx, cmd, { labId: setup.lab.id, command: labCommands.destroy });
      expectPayload(destroyed, "setting up: destroy", { payload: null });
      const r = await openAs(ctx, setup.token, nodeLogsNamespace(setup.lab.id, setup.lab.nodes[0] ?? ""));
      return r.ok
        ? fail({ title: "a node log is available in a destroyed lab", expected: "refused", actual: "connected" })
        : pass();
    },
  },
  {
    id: "antimony.logs.lab-log-needs-instance",
    level: "must",
    doc: doc("labLogs"),
    title: "refuses /logs/<labId> for a lab that has never been deployed",
    run: async (ctx) => {
      const token = mainToken(ctx);
      const lab = ctx.fixtures.undeployedLab;
      if (token === undefined || lab === undefined) return skip("needs a main token and fixtures `undeployedLab`");
      const r = await openAs(ctx, token, labLogsNamespace(lab.id));
      return r.ok
        ? fail({ title: "a lab log exists before any deploy", expected: "refused", actual: "connected" })
        : pass();
    },
  },
];
