import type fc from "fast-check";
import { labCommands, labLogsNamespace, namespaces } from "../../../protocols/antimony/index.js";
import { Mismatch, type SioClient } from "../../index.js";
import type { Ctx } from "../doc.js";
import { labUpdateEventSchema, shellListAckSchema, statusMessageEventSchema } from "../documented.js";
import type { LabFixture } from "../fixtures.js";
import { shown as answerRaw, command, commandsAs, connectAs, ensureDeployed } from "../session.js";
import { shellCommandOf } from "../shell-checks.js";

/**
 * What the document says the target holds for the main user's lab. Shells the server may have closed on its own
 * (a stop, restart, redeploy or destroy: the document does not say, DECISIONS.md D10) move to `maybeShells`
 * until a list (5) settles them.
 */
export interface AntimonyModel {
  deployed: boolean;
  readonly nodes: readonly string[];
  readonly stopped: Set<string>;
  /**
   * Nodes whose state the document leaves open: restarted while stopped, or stopped when the lab was redeployed
   * (DECISIONS.md D17). Opening a shell there may work or be refused.
   */
  readonly unsure: Set<string>;
  /** Open shells of the main user: id → node. */
  readonly shells: Map<string, string>;
  readonly maybeShells: Map<string, string>;
  readonly shellLimit: number | undefined;
  readonly hasOther: boolean;
  /** `robust` adds the `should` parts: JSON-string requests, the other user's leaks and foreign connections. */
  readonly robust: boolean;
}

/** One user's connections: commands, and the three namespaces the server pushes on. */
interface UserClients {
  readonly token: string;
  readonly cmd: SioClient;
  readonly status: SioClient;
  readonly updates: SioClient;
  readonly shellCmds: SioClient;
}

export interface AntimonyReal {
  readonly ctx: Ctx;
  readonly lab: LabFixture;
  readonly main: UserClients & { readonly labLogs: SioClient };
  readonly other: UserClients | undefined;
}

export type AntimonyCommand = fc.AsyncCommand<AntimonyModel, AntimonyReal>;

/** How a request goes on the wire: the documented object, or the JSON string the real web client sends. */
export type Form = "object" | "string";

async function userClients(ctx: Ctx, token: string): Promise<UserClients> {
  const [cmd, status, updates, shellCmds] = await Promise.all([
    commandsAs(ctx, token),
    connectAs(ctx, token, namespaces.statusMessages),
    connectAs(ctx, token, namespaces.labUpdates),
    connectAs(ctx, token, namespaces.shellCommands),
  ]);
  return { token, cmd, status, updates, shellCmds };
}

/** Every sequence starts from the same state: the lab deployed, every node started, no shell of the main user open. */
export async function setupModel(
  ctx: Ctx,
  s: { token: string; lab: LabFixture; other: string | undefined; robust: boolean },
): Promise<{ model: AntimonyModel; real: AntimonyReal }> {
  const main = await userClients(ctx, s.token);
  // The check ran the same set-up once before the model and was blocked if it failed, so a failure here is new.
  const deployed = await ensureDeployed(ctx, s.token, s.lab, main.cmd);
  if (!deployed.ok)
    throw new Mismatch({
      title: "setting up a sequence: the lab is not deployed",
      expected: "deployed",
      actual: deployed.verdict,
    });
  await closeShells(ctx, main.cmd, s.lab);
  const labLogs = await connectAs(ctx, s.token, labLogsNamespace(s.lab.id));
  const other = s.other === undefined ? undefined : await userClients(ctx, s.other);
  const model: AntimonyModel = {
    deployed: true,
    nodes: s.lab.nodes,
    stopped: new Set(),
    unsure: new Set(),
    shells: new Map(),
    maybeShells: new Map(),
    shellLimit: ctx.fixtures.shellLimit,
    hasOther: other !== undefined,
    robust: s.robust,
  };
  return { model, real: { ctx, lab: s.lab, main: { ...main, labLogs }, other } };
}

/**
 * Closes every shell the main user has open in the lab (list 5, then 7 for each), as a sequence starts and ends, so
 * that no sequence or later check meets the shell limit. A list that is refused (a destroyed lab) leaves nothing to
 * close; the sequence's own list actions judge list answers.
 */
export async function closeShells(ctx: Ctx, cmd: SioClient, lab: LabFixture): Promise<void> {
  const listed = shellListAckSchema.safeParse(
    answerRaw(await command(ctx, cmd, { labId: lab.id, command: labCommands.listShells })),
  );
  for (const shell of listed.success ? listed.data.payload : [])
    await command(ctx, cmd, { labId: lab.id, command: labCommands.closeShell, shellId: shell.id });
}

/** Sends a lab command as the main (or other) user in the given form. */
export function send(real: AntimonyReal, request: Record<string, unknown>, form: Form, who?: UserClients) {
  return command(real.ctx, (who ?? real.main).cmd, form === "string" ? JSON.stringify(request) : request);
}

/** The `data` events already buffered on a client, consumed. */
async function buffered(client: SioClient): Promise<unknown[]> {
  const out: unknown[] = [];
  while ((await client.silence("data", 0)).kind === "event") {
    const got = await client.next("data", 0);
    if (got.kind === "event") out.push(got.args[0]);
  }
  return out;
}

/**
 * Run before each command: whatever the server pushed meanwhile must have the documented shape, and (robust) the
 * other user, who has no access to the lab, must have heard nothing about it.
 */
export async function checkPushed(real: AntimonyReal, model: AntimonyModel): Promise<void> {
  for (const m of await buffered(real.main.status))
    if (!statusMessageEventSchema.safeParse(m).success)
      throw new Mismatch({
        title: "a status message departs from the documented shape",
        expected: "{payload: {id, timestamp, source, content, logContent, severity}}",
        actual: m,
      });
  for (const u of await buffered(real.main.updates))
    if (!labUpdateEventSchema.safeParse(u).success)
      throw new Mismatch({
        title: "a lab update departs from the documented shape",
        expected: "{payload: {labId}}",
        actual: u,
      });
  for (const c of await buffered(real.main.shellCmds))
    if (shellCommandOf(c) === undefined)
      throw new Mismatch({
        title: "a shell command departs from the documented shape",
        expected: "{labId, node, shellId, command: 0 | 1, message}",
        actual: c,
      });
  if (!model.robust || real.other === undefined) return;
  const leaks = [
    ...(await buffered(real.other.status)),
    ...(await buffered(real.other.updates)).filter(
      (u) => (u as { payload?: { labId?: unknown } }).payload?.labId === real.lab.id,
    ),
    ...(await buffered(real.other.shellCmds)),
  ];
  if (leaks.length > 0)
    throw new Mismatch({
      title: "a user without access to the lab hears about it",
      expected: "nothing",
      actual: leaks,
    });
}

/** Every shell that may still be open is only "maybe" open after the server could have closed it. */
export function unsettle(model: AntimonyModel, node?: string): void {
  for (const [id, n] of model.shells) {
    if (node !== undefined && n !== node) continue;
    model.shells.delete(id);
    model.maybeShells.set(id, n);
  }
}

/** The answer as a short description, for toString-free failure titles. */
export const req = (r: Record<string, unknown>): string => JSON.stringify(r);
