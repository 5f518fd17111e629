import { labUpdateEventSchema, namespaces, statusMessageEventSchema } from "../../protocols/antimony/index.js";
import { fail, Mismatch, pass, type SioClient, skip } from "../index.js";
import { type AntimonyCheck, type Ctx, doc } from "./doc.js";
import { commandsAs, connectAs, deploy, expectPayload, mainSetup } from "./session.js";

/** Every `data` event buffered or arriving until `silenceMs` passes without one. */
async function drain(ctx: Ctx, client: SioClient): Promise<unknown[]> {
  const out: unknown[] = [];
  for (;;) {
    const got = await client.next("data", ctx.silenceMs);
    if (got.kind === "timeout") return out;
    out.push(got.args[0]);
  }
}

/** Does a lab update concern this lab? One that names no lab means "re-fetch all labs" (§ Lab Updates). */
export const concerns = (update: unknown, labId: string): boolean => {
  const p = labUpdateEventSchema.partial().safeParse(update);
  const named = p.success ? p.data.payload?.labId : undefined;
  return named === undefined || named === "" || named === labId;
};

/** Deploys the lab with the main user's /status-messages and /lab-updates open; what each received. */
async function deployWatched(ctx: Ctx, watchers: string[]) {
  const setup = mainSetup(ctx);
  if (typeof setup === "string") return setup;
  const sockets = await Promise.all(
    watchers.flatMap((token) => [
      connectAs(ctx, token, namespaces.statusMessages),
      connectAs(ctx, token, namespaces.labUpdates),
    ]),
  );
  const cmd = await commandsAs(ctx, setup.token);
  expectPayload(await deploy(ctx, setup.token, setup.lab, cmd), "deploy", { payload: null });
  const received = await Promise.all(sockets.map((s) => drain(ctx, s)));
  return { setup, received };
}

export const notificationChecks: AntimonyCheck[] = [
  {
    id: "antimony.status-messages.on-deploy",
    level: "must",
    doc: doc("status"),
    title: "sends status messages {payload: {id, timestamp, source, content, logContent, severity 0..4}} on a deploy",
    run: async (ctx) => {
      const token = ctx.fixtures.token ?? ctx.credentials.token;
      const r = await deployWatched(ctx, token === undefined ? [] : [token]);
      if (typeof r === "string") return skip(r);
      const messages = r.received[0] ?? [];
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
    doc: doc("labUpdates"),
    title: "sends a lab update {payload: {labId}} when a deploy finishes",
    run: async (ctx) => {
      const token = ctx.fixtures.token ?? ctx.credentials.token;
      const r = await deployWatched(ctx, token === undefined ? [] : [token]);
      if (typeof r === "string") return skip(r);
      const updates = r.received[1] ?? [];
      const bad = updates.find((u) => !labUpdateEventSchema.partial().safeParse(u).success);
      if (bad !== undefined)
        throw new Mismatch({
          title: "a lab update departs from the documented shape",
          expected: "{payload: {labId}}",
          actual: bad,
        });
      if (!updates.some((u) => concerns(u, r.setup.lab.id)))
        return fail({
          title: "a deploy sends no lab update for the lab",
          expected: { payload: { labId: r.setup.lab.id } },
          actual: updates,
        });
      return pass();
    },
  },
  {
    id: "antimony.access.no-foreign-notifications",
    level: "should",
    doc: doc("labUpdates"),
    title: "sends a lab's status messages and lab updates to no user without access to it",
    run: async (ctx) => {
      const other = ctx.fixtures.otherToken;
      if (other === undefined) return skip("needs fixtures `otherToken`");
      const r = await deployWatched(ctx, [other]);
      if (typeof r === "string") return skip(r);
      const [status = [], updates = []] = r.received;
      const naming = updates.filter((u) => (u as { payload?: { labId?: unknown } }).payload?.labId === r.setup.lab.id);
      const leaked = [...status, ...naming];
      // Status messages are unstructured, so none at all may reach the other user while this lab deploys.
      return leaked.length === 0
        ? pass()
        : fail({ title: "another user hears about a lab it has no access to", expected: "nothing", actual: leaked });
    },
  },
];
