import type fc from "fast-check";
import type { z } from "zod";
import { labCommands, labUpdateEventSchema, namespaces, nodeLogsNamespace } from "../../protocols/antimony/index.js";
import { fail, Mismatch, runProperty, type SioClient, type Verdict } from "../index.js";
import type { Ctx } from "./doc.js";
import type { LabFixture } from "./fixtures.js";

/** A lab command's one-argument ack, read without assuming the server is right (antimony.md § Error Codes). */
export type Answer =
  | { readonly kind: "payload"; readonly payload: unknown }
  | { readonly kind: "error"; readonly code: unknown; readonly message: unknown }
  | { readonly kind: "none" }
  | { readonly kind: "other"; readonly value: unknown };

export function answerOf(args: readonly unknown[]): Answer {
  const v = args[0];
  if (typeof v === "object" && v !== null && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    if ("code" in o) return { kind: "error", code: o.code, message: o.message };
    if ("payload" in o) return { kind: "payload", payload: o.payload };
  }
  return { kind: "other", value: v };
}

/** What a failure shows for an answer. */
export const shown = (a: Answer): unknown =>
  a.kind === "payload"
    ? { payload: a.payload }
    : a.kind === "error"
      ? { code: a.code, message: a.message }
      : a.kind === "none"
        ? "no ack"
        : a.value;

/** Sends one `data` request on `/lab-commands` (an object, or its JSON string) and reads the ack. */
export async function command(ctx: Ctx, client: SioClient, request: unknown): Promise<Answer> {
  const got = await client.emitAck("data", [request], ctx.timeoutMs);
  return got.kind === "timeout" ? { kind: "none" } : answerOf(got.args);
}

/**
 * One request on a connection of its own, closed after the ack: what a property's run sends, so that its
 * recorded exchanges (connect, emit, ack) replay on their own with `volley replay`.
 */
export async function oneRequest(ctx: Ctx, token: string, request: unknown): Promise<Answer> {
  const client = await ctx.clients.connect({ namespace: namespaces.labCommands, auth: { token } });
  try {
    return await command(ctx, client, request);
  } finally {
    client.close();
  }
}

/**
 * A property over generated requests, unless the server leaves a plain `probe` unanswered: such a server would fail
 * every run and every shrinking step on the reply timeout, so one timeout tells as much (§ Socket Acknowledgements).
 * The probe's answer is not judged otherwise; the property does that, with a shrunk counterexample.
 */
export async function propertyUnlessSilent<T>(
  ctx: Ctx,
  token: string,
  probe: unknown,
  arbitrary: fc.Arbitrary<T>,
  body: (value: T) => Promise<void>,
): Promise<Verdict> {
  const a = await oneRequest(ctx, token, probe);
  if (a.kind === "none")
    return fail({ title: `${JSON.stringify(probe)} is never acked`, expected: "an ack", actual: "no ack" });
  return runProperty(ctx, arbitrary, body);
}

/** The success payload, or a Mismatch naming the request; `schema` checks the documented return value. */
export function expectPayload(a: Answer, title: string, expected: unknown, schema?: z.ZodType): unknown {
  if (a.kind !== "payload") throw new Mismatch({ title, expected, actual: shown(a) });
  if (schema !== undefined && !schema.safeParse({ payload: a.payload }).success)
    throw new Mismatch({ title, expected, actual: shown(a) });
  return a.payload;
}

/** An error ack with one of `codes`; `note` names a known real-server departure or a decision the check allows. */
export function expectError(a: Answer, codes: readonly number[], title: string, note?: string): void {
  const ok =
    a.kind === "error" && typeof a.code === "number" && codes.includes(a.code) && typeof a.message === "string";
  if (!ok) {
    const want = `{code: ${codes.join(" or ")}, message: string}`;
    throw new Mismatch({ title, expected: note === undefined ? want : `${want} (${note})`, actual: shown(a) });
  }
}

/** The main user's token: the fixture's, else `--token`. */
export const mainToken = (ctx: Ctx): string | undefined => ctx.fixtures.token ?? ctx.credentials.token;

/** What most checks need: the main user and a lab; or the reason to skip. */
export function mainSetup(ctx: Ctx): { token: string; lab: LabFixture } | string {
  const token = mainToken(ctx);
  if (token === undefined) return "no main user token (fixtures `token` or --token)";
  if (ctx.fixtures.lab === undefined) return "no lab in the fixtures (`lab: {id, nodes}`)";
  return { token, lab: ctx.fixtures.lab };
}

export const connectAs = (ctx: Ctx, token: string, namespace: string) =>
  ctx.clients.connect({ namespace, auth: { token } });

export const openAs = (ctx: Ctx, token: string, namespace: string) => ctx.clients.open({ namespace, auth: { token } });

/** A fresh `/lab-commands` connection of the main user. */
export const commandsAs = (ctx: Ctx, token: string) => connectAs(ctx, token, namespaces.labCommands);

/** The node-log namespace exists only while the lab is deployed (§ Node Log Streaming): a probe of its state. */
async function isDeployed(ctx: Ctx, token: string, lab: LabFixture): Promise<boolean> {
  const probe = await openAs(ctx, token, nodeLogsNamespace(lab.id, lab.nodes[0] ?? ""));
  if (probe.ok) probe.client.close();
  return probe.ok;
}

/**
 * Deploys the lab and waits until it is deployed. A server may ack a deploy before it ends (DECISIONS.md D8), so
 * this waits for the lab update the document promises when a deploy finishes, and answers of 5002/5004 (another
 * deploy in progress) are retried after the next lab update.
 */
export async function deploy(
  ctx: Ctx,
  token: string,
  lab: LabFixture,
  cmd: SioClient,
  asString = false,
): Promise<Answer> {
  const updates = await connectAs(ctx, token, namespaces.labUpdates);
  const request = { labId: lab.id, command: labCommands.deploy };
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      const a = await command(ctx, cmd, asString ? JSON.stringify(request) : request);
      if (a.kind === "error" && (a.code === 5002 || a.code === 5004)) {
        await nextUpdateFor(ctx, updates, lab.id);
        continue;
      }
      if (a.kind !== "payload") return a;
      for (let wait = 0; wait < 3 && !(await isDeployed(ctx, token, lab)); wait++)
        await nextUpdateFor(ctx, updates, lab.id);
      return a;
    }
    return { kind: "error", code: 5002, message: "still deploying after three tries" };
  } finally {
    updates.close();
  }
}

/** The next lab update naming this lab (or none: "re-fetch all"), within the reply timeout. */
async function nextUpdateFor(ctx: Ctx, updates: SioClient, labId: string): Promise<boolean> {
  const until = Date.now() + ctx.timeoutMs;
  for (;;) {
    const got = await updates.next("data", Math.max(1, until - Date.now()));
    if (got.kind === "timeout") return false;
    const parsed = labUpdateEventSchema.partial().safeParse(got.args[0]);
    const named = parsed.success ? parsed.data.payload?.labId : undefined;
    if (named === undefined || named === "" || named === labId) return true;
  }
}

/**
 * Brings the lab to "deployed, every node started" before a check, deploying only when it is not deployed yet.
 * Setup steps are not what the check is about, so a refusal here is a Mismatch titled "setting up".
 */
export async function ensureDeployed(ctx: Ctx, token: string, lab: LabFixture, cmd: SioClient): Promise<void> {
  if (!(await isDeployed(ctx, token, lab))) {
    const a = await deploy(ctx, token, lab, cmd);
    expectPayload(a, `setting up: deploy lab ${lab.id}`, { payload: null });
  }
  for (const node of lab.nodes) {
    const a = await command(ctx, cmd, { labId: lab.id, command: labCommands.startNode, node });
    expectPayload(a, `setting up: start node ${node}`, { payload: null });
  }
}

/** Opens a shell for the main user; its id. */
export async function openShell(ctx: Ctx, cmd: SioClient, labId: string, node: string): Promise<string> {
  const a = await command(ctx, cmd, { labId, command: labCommands.openShell, node });
  const id = expectPayload(a, `open a shell on ${node} acks {payload: shellId}`, { payload: "a shell id" });
  if (typeof id !== "string" || id === "")
    throw new Mismatch({ title: "open shell acks a string shell id", expected: "a string", actual: shown(a) });
  return id;
}
