import { namespaces } from "../../protocols/antimony/index.js";
import { fail, Mismatch, pass, type SioClient } from "../index.js";
import { type AntimonyCheck, type Ctx, doc } from "./doc.js";
import { labUpdateEventSchema, statusMessageEventSchema } from "./documented.js";
import {
  commandsAs,
  concerns,
  connectAs,
  deploy,
  type Main,
  mainSetup,
  ready,
  type Setup,
  step,
  twoUsers,
} from "./session.js";

/** Every `data` event buffered or arriving until `silenceMs` passes without one. */
async function drain(ctx: Ctx, client: SioClient): Promise<unknown[]> {
  const out: unknown[] = [];
  for (;;) {
    const got = await client.next("data", ctx.silenceMs);
    if (got.kind === "timeout") return out;
    out.push(got.args[0]);
  }
}

/** Deploys the lab with `watchers`' /status-messages and /lab-updates open; what each received (status, updates, ...). */
async function deployWatched(ctx: Ctx, s: Main, watchers: string[]): Promise<Setup<unknown[][]>> {
  const sockets = await Promise.all(
    watchers.flatMap((token) => [
      connectAs(ctx, token, namespaces.statusMessages),
      connectAs(ctx, token, namespaces.labUpdates),
    ]),
  );
  const cmd = await commandsAs(ctx, s.token);
  const deployed = step(`deploy lab ${s.lab.id}`, (await deploy(ctx, s.token, s.lab, cmd)).ack);
  if (!deployed.ok) return deployed;
  return ready(await Promise.all(sockets.map((socket) => drain(ctx, socket))));
}

/** The main user's deploy, watched by the main user. */
async function ownDeploy(ctx: Ctx): Promise<Setup<{ main: Main; status: unknown[]; updates: unknown[] }>> {
  const s = mainSetup(ctx);
  if (!s.ok) return s;
  const r = await deployWatched(ctx, s.value, [s.value.token]);
  if (!r.ok) return r;
  const [status = [], updates = []] = r.value;
  return ready({ main: s.value, status, updates });
}

export const notificationChecks: AntimonyCheck[] = [
  {
    id: "antimony.status-messages.on-deploy",
    level: "must",
    doc: doc(
      "status",
      "Status messages are notifications emitted by the server that indicate the progress or status of server actions such as the deployment of labs or deployment problems.",
    ),
    title: "sends status messages {payload: {id, timestamp, source, content, logContent, severity 0..4}} on a deploy",
    run: async (ctx) => {
      const r = await ownDeploy(ctx);
      if (!r.ok) return r.verdict;
      const messages = r.value.status;
      if (messages.length === 0)
        return fail({ title: "a deploy sends no status message", expected: "at least one", actual: "none" });
      const bad = messages.find((m) => !statusMessageEventSchema.safeParse(m).success);
      if (bad !== undefined)
        throw new Mismatch({
          title: "a status message departs from the documented shape",
          expected: "{payload: {id, timestamp (ISO 8601), source, content, logContent, severity: 0..4}}",
          actual: bad,
        });
      return pass();
    },
  },
  {
    id: "antimony.lab-updates.on-deploy",
    level: "must",
    doc: doc(
      "labUpdates",
      "For example, the server sends a lab update for when a lab has finished deploying and goes into the `running`",
    ),
    title: "sends a lab update {payload: {labId}} when a deploy finishes",
    run: async (ctx) => {
      const r = await ownDeploy(ctx);
      if (!r.ok) return r.verdict;
      const { updates, main } = r.value;
      const bad = updates.find((u) => !labUpdateEventSchema.safeParse(u).success);
      if (bad !== undefined)
        throw new Mismatch({
          title: "a lab update departs from the documented shape",
          expected: "{payload: {labId}}",
          actual: bad,
        });
      if (!updates.some((u) => concerns(u, main.lab.id)))
        return fail({
          title: "a deploy sends no lab update for the lab",
          expected: { payload: { labId: main.lab.id } },
          actual: updates,
        });
      return pass();
    },
  },
  {
    id: "antimony.access.no-foreign-notifications",
    level: "should",
    doc: doc(
      "labUpdates",
      "The lab updates namespace is a global namespace that is used by the server to communicate changes in a lab's state to the client.",
      "DECISIONS D11: status messages and lab updates reach only users with access to the lab",
    ),
    title: "sends a lab's status messages and lab updates to no user without access to it",
    run: async (ctx) => {
      const s = twoUsers(ctx);
      if (!s.ok) return s.verdict;
      const r = await deployWatched(ctx, s.value, [s.value.other]);
      if (!r.ok) return r.verdict;
      const [status = [], updates = []] = r.value;
      const naming = updates.filter((u) => (u as { payload?: { labId?: unknown } }).payload?.labId === s.value.lab.id);
      const leaked = [...status, ...naming];
      // Status messages are unstructured, so none at all may reach the other user while this lab deploys.
      return leaked.length === 0
        ? pass()
        : fail({ title: "another user hears about a lab it has no access to", expected: "nothing", actual: leaked });
    },
  },
];
