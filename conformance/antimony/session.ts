import type fc from "fast-check";
import type { z } from "zod";
import { labCommands, namespaces } from "../../protocols/antimony/index.js";
import { blocked, fail, Mismatch, runProperty, type SioClient, skip, type Verdict } from "../index.js";
import type { Ctx } from "./doc.js";
import { labUpdateEventSchema } from "./documented.js";
import type { LabFixture } from "./fixtures.js";

/** A lab command's ack, read without assuming the server is right (antimony.md § Error Codes); `raw` as it came. */
export type Answer =
  | { readonly kind: "payload"; readonly payload: unknown; readonly raw: unknown }
  | { readonly kind: "error"; readonly code: unknown; readonly message: unknown; readonly raw: unknown }
  | { readonly kind: "none" }
  | { readonly kind: "other"; readonly raw: unknown };

export function answerOf(args: readonly unknown[]): Answer {
  // The document's acks carry one value; more than one is shown whole.
  const raw = args.length === 1 ? args[0] : args;
  if (typeof raw === "object" && raw !== null && !Array.isArray(raw)) {
    const o = raw as Record<string, unknown>;
    if ("code" in o) return { kind: "error", code: o.code, message: o.message, raw };
    if ("payload" in o) return { kind: "payload", payload: o.payload, raw };
  }
  return { kind: "other", raw };
}

/** What a failure shows for an answer: the server's whole ack. */
export const shown = (a: Answer): unknown => (a.kind === "none" ? "no ack" : a.raw);
const described = (a: Answer): string => (a.kind === "none" ? "no ack" : `answered ${JSON.stringify(a.raw)}`);

/** What a deploy may get while another is under way (5002, 5004, "already being deployed"). */
const BUSY: readonly unknown[] = [5002, 5004];
/** What a command may get while a deploy is still under way: busy, or not running yet (5003). */
const NOT_YET: readonly unknown[] = [...BUSY, 5003];
/** How many lab updates a set-up waits through for a deploy to end (one when it starts, one when it ends, spares). */
const UPDATES_TO_WAIT = 4;
/**
 * How many reply timeouts a deploy may take to end: the document bounds no deploy (containerlab takes seconds), so
 * a deploy that outlasts one reply timeout is asked again, not taken as "never runs", until this many have passed.
 */
const DEPLOY_TIMEOUTS = 10;

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

/** The success payload, or a Mismatch naming the request; `schema` is the documented return value. */
export function expectPayload(a: Answer, title: string, expected: unknown, schema?: z.ZodType): unknown {
  if (a.kind !== "payload" || (schema !== undefined && !schema.safeParse(a.raw).success))
    throw new Mismatch({ title, expected, actual: shown(a) });
  return a.payload;
}

/** An error ack with one of `codes` and a string message (§ Error Codes); `note` names what the check allows. */
export function expectError(a: Answer, codes: readonly number[], title: string, note?: string): void {
  const ok =
    a.kind === "error" && typeof a.code === "number" && codes.includes(a.code) && typeof a.message === "string";
  if (!ok) {
    const want = `{code: ${codes.join(" or ")}, message: string}`;
    throw new Mismatch({ title, expected: note === undefined ? want : `${want} (${note})`, actual: shown(a) });
  }
}

/**
 * What a check's set-up gave it, or the verdict that ends the check before it starts: `skip` when the user gave no
 * credential or fixture for it (the reason names the flag or field), `blocked` when a set-up step failed.
 */
export type Setup<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly verdict: Verdict };

export const ready = <T>(value: T): Setup<T> => ({ ok: true, value });
const ended = (verdict: Verdict): Setup<never> => ({ ok: false, verdict });

/**
 * A set-up step's ack: its payload if it fits `schema`, else blocked by the step. Only behaviour a `must` check
 * covers is used as a step, so that check fails with the cause and the rest are reported once, as blocked.
 */
export function step(name: string, a: Answer, schema?: z.ZodType): Setup<unknown> {
  if (a.kind === "payload" && (schema === undefined || schema.safeParse(a.raw).success)) return ready(a.payload);
  return ended(blocked(name, described(a)));
}

/** The main user's token: the fixture's, else `--token`. */
export const mainToken = (ctx: Ctx): string | undefined => ctx.fixtures.token ?? ctx.credentials.token;

const NO_TOKEN = "no main user token: give --token (or `token` in --fixtures)";
export const UNDEPLOYED = "{id, node}: a lab of the main user never deployed on the target";
/** A skip reason for a missing fixtures field. */
export const needs = (field: string, what: string) => `needs \`${field}\` in --fixtures (${what})`;

export function tokenSetup(ctx: Ctx): Setup<string> {
  const token = mainToken(ctx);
  return token === undefined ? ended(skip(NO_TOKEN)) : ready(token);
}

/**
 * The main token and one optional fixtures field, for the checks that need a lab of their own; a skip names every
 * piece that is missing.
 */
export function fixtureSetup<K extends "failingLab" | "undeployedLab">(
  ctx: Ctx,
  field: K,
  what: string,
): Setup<{ readonly token: string; readonly lab: NonNullable<Ctx["fixtures"][K]> }> {
  const token = mainToken(ctx);
  const lab = ctx.fixtures[field];
  if (token !== undefined && lab !== undefined) return ready({ token, lab: lab as NonNullable<Ctx["fixtures"][K]> });
  const missing = [token === undefined ? NO_TOKEN : undefined, lab === undefined ? needs(field, what) : undefined];
  return ended(skip(missing.filter((m) => m !== undefined).join("; ")));
}

export interface Main {
  readonly token: string;
  readonly lab: LabFixture;
}

/** What most checks need: the main user and a lab. */
export function mainSetup(ctx: Ctx): Setup<Main> {
  const token = mainToken(ctx);
  if (token === undefined) return ended(skip(NO_TOKEN));
  const lab = ctx.fixtures.lab;
  if (lab === undefined) return ended(skip(needs("lab", "{id, nodes}: a lab the main user may deploy and destroy")));
  return ready({ token, lab });
}

/** The main user, a second one without access to the lab (`otherToken`). */
export function twoUsers(ctx: Ctx): Setup<Main & { readonly other: string }> {
  const s = mainSetup(ctx);
  if (!s.ok) return s;
  const other = ctx.fixtures.otherToken;
  if (other === undefined) return ended(skip(needs("otherToken", "a user without access to the lab")));
  return ready({ ...s.value, other });
}

export const connectAs = (ctx: Ctx, token: string, namespace: string) =>
  ctx.clients.connect({ namespace, auth: { token } });

export const openAs = (ctx: Ctx, token: string, namespace: string) => ctx.clients.open({ namespace, auth: { token } });

/** A connection the owner must get (a log or shell namespace): a Mismatch naming the namespace when refused. */
export async function ownerOpens(ctx: Ctx, token: string, namespace: string): Promise<SioClient> {
  const r = await openAs(ctx, token, namespace);
  if (!r.ok)
    throw new Mismatch({ title: `the owner cannot connect to ${namespace}`, expected: "connected", actual: r.message });
  return r.client;
}

/** A fresh `/lab-commands` connection of the main user. */
export const commandsAs = (ctx: Ctx, token: string) => connectAs(ctx, token, namespaces.labCommands);

/** The next lab update naming this lab (or none: "re-fetch all"), within the reply timeout. */
async function nextUpdateFor(ctx: Ctx, updates: SioClient, labId: string): Promise<boolean> {
  const until = Date.now() + ctx.timeoutMs;
  for (;;) {
    const got = await updates.next("data", Math.max(1, until - Date.now()));
    if (got.kind === "timeout") return false;
    if (concerns(got.args[0], labId)) return true;
  }
}

/** Does a lab update concern this lab? One that names no lab means "re-fetch all labs" (§ Lab Updates). */
export const concerns = (update: unknown, labId: string): boolean => {
  const p = labUpdateEventSchema.safeParse(update);
  const named = p.success ? p.data.payload.labId : undefined;
  return named === undefined || named === null || named === "" || named === labId;
};

/**
 * Sends `request` until it is answered other than "still deploying" (`notYet`), waiting for a lab update
 * (or one reply timeout, at most DEPLOY_TIMEOUTS times) between tries: the document sends one "when a lab has finished deploying" (§ Lab Updates), and a server may ack
 * the deploy before that (DECISIONS.md D8). The last answer.
 */
async function onceDeployed(
  ctx: Ctx,
  cmd: SioClient,
  updates: SioClient,
  lab: LabFixture,
  request: unknown,
  notYet: readonly unknown[],
) {
  let a = await command(ctx, cmd, request);
  let quiet = 0;
  for (let wait = 0; wait < UPDATES_TO_WAIT && a.kind === "error" && notYet.includes(a.code); ) {
    if (await nextUpdateFor(ctx, updates, lab.id)) wait++;
    else if (++quiet >= DEPLOY_TIMEOUTS) return a;
    a = await command(ctx, cmd, request);
  }
  return a;
}

/**
 * Deploys the lab (command 0): the ack, and the answer to restarting its first node once the deploy has ended, which
 * tells that the lab runs (`{payload: null}`, § Available Commands 4: restart suits a node in any state a fresh
 * deploy may leave it in, where a start of a running node may be refused, DECISIONS.md D17). Another deploy under
 * way (5002/5004) is waited out first.
 */
export async function deploy(
  ctx: Ctx,
  token: string,
  lab: LabFixture,
  cmd: SioClient,
  asString = false,
): Promise<{ ack: Answer; running: Answer }> {
  const updates = await connectAs(ctx, token, namespaces.labUpdates);
  const request = { labId: lab.id, command: labCommands.deploy };
  try {
    const ack = await onceDeployed(ctx, cmd, updates, lab, asString ? JSON.stringify(request) : request, BUSY);
    if (ack.kind !== "payload") return { ack, running: ack };
    const restart = { labId: lab.id, command: labCommands.restartNode, node: lab.nodes[0] };
    return { ack, running: await onceDeployed(ctx, cmd, updates, lab, restart, NOT_YET) };
  } finally {
    updates.close();
  }
}

/**
 * Waits until a lab whose destroy was acked `{payload: null}` is gone, telling by a node restart, which a destroyed
 * lab refuses (destroyed-refused), with a lab update (or one reply timeout) between tries: the document acks
 * "Destroys the specified lab." without saying the teardown has ended by then, as a deploy may end after its ack
 * (D8), and a lab update announces "changes in a lab's state" (§ Lab Updates). A server that tears down at once is
 * asked once and costs no wait; a teardown that never ends is left to the caller's check to find.
 */
export async function teardownEnded(ctx: Ctx, token: string, lab: LabFixture, cmd: SioClient): Promise<void> {
  const updates = await connectAs(ctx, token, namespaces.labUpdates);
  try {
    const probe = { labId: lab.id, command: labCommands.restartNode, node: lab.nodes[0] };
    for (let wait = 0; wait < UPDATES_TO_WAIT; wait++) {
      if ((await command(ctx, cmd, probe)).kind !== "payload") return;
      // The restart may announce itself with a lab update: those are let pass before waiting for the teardown's.
      while ((await updates.next("data", ctx.silenceMs)).kind === "event");
      await nextUpdateFor(ctx, updates, lab.id);
    }
  } finally {
    updates.close();
  }
}

/** Destroys the lab (command 1): the ack, once a teardown it acked `{payload: null}` has ended. */
export async function destroy(ctx: Ctx, token: string, lab: LabFixture, cmd: SioClient): Promise<Answer> {
  const ack = await command(ctx, cmd, { labId: lab.id, command: labCommands.destroy });
  if (ack.kind === "payload") await teardownEnded(ctx, token, lab, cmd);
  return ack;
}

/** Deploys the lab as a set-up step: blocked when the deploy is refused or the lab does not run after it. */
async function deployStep(ctx: Ctx, token: string, lab: LabFixture, cmd: SioClient): Promise<Setup<void>> {
  const d = await deploy(ctx, token, lab, cmd);
  if (d.ack.kind !== "payload") return ended(blocked(`deploy lab ${lab.id}`, described(d.ack)));
  if (d.running.kind !== "payload")
    return ended(blocked(`restart node ${lab.nodes[0]} once lab ${lab.id} is deployed`, described(d.running)));
  return ready(undefined);
}

/** Starts a node, or restarts it where a start is refused (a running node, D17): a running node's answer. */
async function startOrRestart(ctx: Ctx, cmd: SioClient, lab: LabFixture, node: string): Promise<Answer> {
  const started = await command(ctx, cmd, { labId: lab.id, command: labCommands.startNode, node });
  if (started.kind === "payload") return started;
  return command(ctx, cmd, { labId: lab.id, command: labCommands.restartNode, node });
}

/**
 * Brings the lab to "deployed, every node running". Starting (or, where that is refused, restarting) every node is
 * the probe: a deployed lab acks it `{payload: null}` (antimony.lab-commands.node-commands-ack) and a lab that is not
 * deployed refuses both (not-deployed-5003, destroyed-refused), so the lab is deployed only when neither is acked
 * {payload: null}. A log namespace's availability is never the probe: a server that opens one too early must fail
 * one check, not every check.
 */
export async function ensureDeployed(ctx: Ctx, token: string, lab: LabFixture, cmd: SioClient): Promise<Setup<void>> {
  let deployed = false;
  for (const node of lab.nodes) {
    let a = await startOrRestart(ctx, cmd, lab, node);
    if (a.kind !== "payload" && !deployed) {
      const d = await deployStep(ctx, token, lab, cmd);
      if (!d.ok) return d;
      deployed = true;
      a = await startOrRestart(ctx, cmd, lab, node);
    }
    const running = step(`start or restart node ${node} of deployed lab ${lab.id}`, a);
    if (!running.ok) return running;
  }
  return ready(undefined);
}

/** The main user and the lab, deployed, with a `/lab-commands` connection. */
export async function deployedSetup(ctx: Ctx): Promise<Setup<Main & { readonly cmd: SioClient }>> {
  const s = mainSetup(ctx);
  if (!s.ok) return s;
  const cmd = await commandsAs(ctx, s.value.token);
  const d = await ensureDeployed(ctx, s.value.token, s.value.lab, cmd);
  return d.ok ? ready({ ...s.value, cmd }) : d;
}

/** Opens a shell (6) as a set-up step: its id (antimony.shells.open-list-close owns the behaviour). */
export async function openShell(ctx: Ctx, cmd: SioClient, labId: string, node: string): Promise<Setup<string>> {
  const a = await command(ctx, cmd, { labId, command: labCommands.openShell, node });
  const id = step(`open a shell on node ${node}`, a);
  if (!id.ok) return id;
  return typeof id.value === "string" && id.value !== ""
    ? ready(id.value)
    : ended(blocked(`open a shell on node ${node}`, `${described(a)}, not a shell id`));
}
