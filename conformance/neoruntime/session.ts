import { createHash, randomBytes } from "node:crypto";
import { Mismatch, type SioClient, setUpStep } from "../index.js";
import type { Ctx } from "./doc.js";
import {
  type ActionOutcome,
  type DocumentedStatus,
  documentedListing,
  documentedOutcome,
  documentedStatus,
  type Listing,
  lists,
} from "./documented.js";

export type { ActionOutcome, Listing } from "./documented.js";

/** `CryptoJS.SHA256(<PASSWORD>).toString()`: lower-case hex (neoruntime.md § Connect, step 1). */
export const sha256Hex = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");

/** A path nobody else uses. DECISIONS.md D9: `must` checks use only names like `local/volley_x1`. */
export const freshScriptPath = (): string => `local/volley_${randomBytes(6).toString("hex")}`;

/** How the checks authenticate: `--user`/`--password` (both steps of § Connect) or `--token` (step 2 only). */
export type Login =
  | { readonly kind: "password"; readonly user: string; readonly hash: string }
  | { readonly kind: "token"; readonly token: string };

export const NO_LOGIN = "no credentials given: pass --user and --password (or --token)";
export const NO_PASSWORD = "no --user and --password given (this check exercises the authenticate step)";

export function loginOf(ctx: Ctx): Login | undefined {
  const { user, password, token } = ctx.credentials;
  if (user !== undefined && password !== undefined) return { kind: "password", user, hash: sha256Hex(password) };
  if (token !== undefined) return { kind: "token", token };
  return undefined;
}

/** Every ack argument, or a Mismatch saying nothing came. */
async function acksOf(
  ctx: Ctx,
  client: SioClient,
  event: string,
  args: readonly unknown[],
  what: string,
): Promise<readonly unknown[]> {
  const reply = await client.emitAck(event, args, ctx.timeoutMs);
  if (reply.kind === "timeout") {
    throw new Mismatch({ title: what, expected: `an ack to ${event}`, actual: `no ack within ${reply.ms} ms` });
  }
  return reply.args;
}

/** The first ack argument (D2: one Return), or a Mismatch saying nothing came. */
export const ackOf = async (...a: Parameters<typeof acksOf>): Promise<unknown> => (await acksOf(...a))[0];

/**
 * A Return that does not fit its table, reported with every argument the ack carried. Luxcena-Neo's handlers from
 * before the document answered `fn(true, value)` (DECISIONS.md D2): the document gives one Return, so such an ack
 * fails, and the failure says why.
 */
function wrongReturn(title: string, expected: unknown, acked: readonly unknown[]): Mismatch {
  const preDocument =
    acked[0] === true
      ? " (acked true first, as the pre-document fn(true, value) did; the document gives one Return)"
      : "";
  return new Mismatch({ title: `${title}${preDocument}`, expected, actual: acked.length === 1 ? acked[0] : acked });
}

/** § Connect, step 1: the token `authenticate` acks for the given user (a non-empty string). */
export async function issueToken(ctx: Ctx, client: SioClient, user: string, hash: string): Promise<string> {
  const token = await ackOf(ctx, client, "authenticate", [user, hash], "authenticate with the given user acks a token");
  if (typeof token === "string" && token !== "") return token;
  throw new Mismatch({
    title: "authenticate with the given user and password hash acks a token string",
    expected: "a non-empty string",
    actual: token,
  });
}

/** § Connect, steps 1 and 2 on `client`: afterwards "all actions and events are available". */
export async function authenticate(ctx: Ctx, client: SioClient, login: Login): Promise<void> {
  const token = login.kind === "token" ? login.token : await issueToken(ctx, client, login.user, login.hash);
  const res = await ackOf(ctx, client, "authenticateToken", [token], "authenticateToken with a valid token is acked");
  if (res !== true) {
    throw new Mismatch({
      title: `authenticateToken with ${login.kind === "token" ? "the --token given" : "a token just issued"} acks true`,
      expected: true,
      actual: res,
    });
  }
}

/** The set-up steps, each with the must check that owns its behaviour. */
export const STEPS = {
  /** neoruntime.auth.authenticate-issues-token, neoruntime.auth.token-authenticates */
  signIn: "authenticate and authenticateToken with the given credentials",
  /** neoruntime.scripts.create-lists-script */
  create: "NeoRuntime/Script/Create of a new local/ script, then listed under local",
  /** neoruntime.status.shape (the status ack is the round trip after Select, ::join and ::leave) */
  roundTrip: "NeoRuntime/status as a round trip",
  /** neoruntime.scripts.list-shape */
  list: "NeoRuntime/Scripts/get",
} as const;

/** A new connection to "/" (D1), authenticated: a set-up step. */
export async function signIn(ctx: Ctx, login: Login): Promise<SioClient> {
  const client = await ctx.clients.connect({ namespace: "/" });
  await setUpStep(STEPS.signIn, () => authenticate(ctx, client, login));
  return client;
}

/** § NeoRuntime/status: the status object, checked against the document's table (documented.ts). */
export async function statusOf(ctx: Ctx, client: SioClient): Promise<DocumentedStatus> {
  const acked = await acksOf(ctx, client, "NeoRuntime/status", [], "NeoRuntime/status is acked");
  const parsed = documentedStatus.safeParse(acked[0]);
  if (parsed.success) return parsed.data;
  throw wrongReturn(
    "NeoRuntime/status acks {currentScript: string, scriptIsExited: boolean, uptime: number}",
    { currentScript: "string", scriptIsExited: "boolean", uptime: "number" },
    acked,
  );
}

/** D11: `currentScript` may name the script by its path (`local/example`) or by its name (`example`). */
export const isCurrent = (currentScript: string, path: string): boolean =>
  currentScript === path || currentScript === path.slice(path.indexOf("/") + 1);

/** § NeoRuntime/Scripts/get: `{local: list, remote: list}`, entries of any form (documented.ts `isEntryOf`). */
export async function listOf(ctx: Ctx, client: SioClient): Promise<Listing> {
  const acked = await acksOf(ctx, client, "NeoRuntime/Scripts/get", [], "NeoRuntime/Scripts/get is acked");
  const listing = documentedListing.safeParse(acked[0]);
  if (listing.success) return listing.data;
  throw wrongReturn(
    "NeoRuntime/Scripts/get acks {local: list, remote: list}",
    { local: "a list of scripts", remote: "a list of scripts" },
    acked,
  );
}

export const outcomeOf = (value: unknown): ActionOutcome | undefined => {
  const parsed = documentedOutcome.safeParse(value);
  return parsed.success ? parsed.data : undefined;
};

export const FAILURE_SHAPE = "{res: false, resMsg: <non-empty message>}";
export const RESULT_SHAPE = `{res: true} or ${FAILURE_SHAPE}`;

/** Emits Create or Delete with `path` and returns its documented Return. */
export async function scriptAction(
  ctx: Ctx,
  client: SioClient,
  event: "NeoRuntime/Script/Create" | "NeoRuntime/Script/Delete",
  path: string,
): Promise<ActionOutcome> {
  const acked = await acksOf(ctx, client, event, [path], `${event} ${path} is acked`);
  const outcome = outcomeOf(acked[0]);
  if (outcome !== undefined) return outcome;
  throw wrongReturn(`${event} acks its documented Return`, RESULT_SHAPE, acked);
}
/** Creates `path` as a set-up step (createScript, blocking the check unless the server says it did and lists it). */
/** Creates `path` as a set-up step (createScript, blocking the check unless the server says it did). */
export const createFixtureScript = (ctx: Ctx, client: SioClient, path: string): Promise<void> =>
  setUpStep(STEPS.create, () => createScript(ctx, client, path));

/**
 * Creates `path`, failing the check unless the server says it did and then lists it: a Create that acks res true
 * and creates nothing would otherwise fail every check that selects, deletes or joins on its script, instead of
 * blocking them behind scripts.create-lists-script, which owns the behaviour.
 */
async function createScript(ctx: Ctx, client: SioClient, path: string): Promise<void> {
  const outcome = await scriptAction(ctx, client, "NeoRuntime/Script/Create", path);
  if (!outcome.res) {
    throw new Mismatch({
      title: `NeoRuntime/Script/Create of a new ${path} succeeds`,
      expected: { res: true },
      actual: outcome,
    });
  }
  const listing = await listOf(ctx, client);
  if (!lists(listing.local, path)) {
    throw new Mismatch({
      title: `a created ${path} is listed under local`,
      expected: { local: [`<${path}>`] },
      actual: listing,
    });
  }
}

/**
 * § Select: the document gives it no Return (D15), so it is sent without a callback; the status ack that follows
 * on the same connection is the round trip that shows it took effect (Socket.IO keeps a connection's packets in
 * order).
 */
export async function selectScript(ctx: Ctx, client: SioClient, path: string): Promise<DocumentedStatus> {
  client.emit("NeoRuntime/Script/Select", path);
  return statusOf(ctx, client);
}

/** Deletes what a check created; answers are not checked here (other checks do). */
export async function removeScripts(ctx: Ctx, client: SioClient, paths: readonly string[]): Promise<void> {
  for (const path of paths) await client.emitAck("NeoRuntime/Script/Delete", [path], ctx.timeoutMs);
}

/**
 * § "Events": `event + "::join"` starts delivery, `event + "::leave"` stops it. Neither is acked in the document
 * (D16), so the status ack that follows on the same connection is the round trip that shows the server has
 * handled it.
 */
export async function subscribe(ctx: Ctx, client: SioClient, name: string, how: "join" | "leave"): Promise<void> {
  client.emit(`${name}::${how}`);
  await statusOf(ctx, client);
}
