import type { NestmtxRequest } from "../../protocols/nestmtx/index.js";
import { blocked, type ConnectRequest, type Exchange, Mismatch, type SioClient, skip, type Verdict } from "../index.js";
import type { Ctx } from "./doc.js";
import { ERROR_FORMS, isDocumentedError, isNoEntity, saysError } from "./documented.js";

/** The three places nestmtx.md § Using the Token lets a client put its token. */
export type TokenPlace = "header" | "auth" | "query";
export const TOKEN_PLACES: readonly TokenPlace[] = ["header", "auth", "query"];

export function withToken(token: string, place: TokenPlace): ConnectRequest {
  switch (place) {
    case "header":
      return { namespace: "/", headers: { Authorization: `Bearer ${token}` } };
    case "auth":
      return { namespace: "/", auth: { token } };
    case "query":
      return { namespace: "/", query: { token } };
  }
}

export const NO_TOKEN_REASON = "no --token given: the checks that need an authenticated socket cannot run";

/** A set-up step's outcome: what the check goes on with, or the verdict it ends with (skip or blocked). */
export type Step<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly verdict: Verdict };

/** The set-up step that connects with `--token`; nestmtx.auth.token-in-<place> (must) owns its failure. */
const connectStep = (place: TokenPlace) => `connect with --token in the ${place}`;

/**
 * A socket authenticated with `--token`: skipped when the user gave none, blocked when the connection fails (the
 * token-in-<place> check reports why).
 */
export async function authed(ctx: Ctx, place: TokenPlace = "auth"): Promise<Step<SioClient>> {
  const token = ctx.credentials.token;
  if (token === undefined) return { ok: false, verdict: skip(NO_TOKEN_REASON) };
  const opened = await ctx.clients.open(withToken(token, place));
  return opened.ok
    ? { ok: true, value: opened.client }
    : { ok: false, verdict: blocked(connectStep(place), `${opened.reason}: ${opened.message}`) };
}

/** The set-up step every "is it still served" probe uses; nestmtx.requests.answer-on-request-id (must) owns it. */
const EXAMPLE_STEP = "the document's example request (list users)";
export const EXAMPLE_REQUEST = { command: "list", module: "users" } as const;

/**
 * Asks the document's example request on `client`: undefined when it is answered with success, else the verdict
 * that blocks the check (the answer-on-request-id check fails with the cause). Checks that judge whether a socket
 * is served after something compare with this, so a server that cannot answer it is reported once, not per check.
 */
export async function servedStep(ctx: Ctx, client: SioClient): Promise<Verdict | undefined> {
  const answer = await ask(ctx, client, EXAMPLE_REQUEST);
  return isSuccess(answer) ? undefined : blocked(EXAMPLE_STEP, `answered ${JSON.stringify(describeAnswer(answer))}`);
}

let counter = 0;
/** A fresh requestId: readable, unique within a run and across runs against the same server. */
export function newRequestId(): string {
  counter += 1;
  return `volley-${process.pid.toString(36)}-${Date.now().toString(36)}-${counter}`;
}

/** A request without its requestId, as checks and model commands write them. */
export type RequestBody = Omit<NestmtxRequest, "requestId">;

/** What came back on the requestId event: the value, or nothing before the timeout. */
export type Answer = { readonly kind: "answer"; readonly value: unknown } | { readonly kind: "none" };

/** Emits `request` with a fresh requestId (or the given one) and waits for the answer on that event. */
export async function ask(ctx: Ctx, client: SioClient, body: object, requestId = newRequestId()): Promise<Answer> {
  client.emit("request", { ...body, requestId });
  return answerOn(ctx, client, requestId);
}

export async function answerOn(ctx: Ctx, client: SioClient, requestId: string): Promise<Answer> {
  const got = await client.next(requestId, ctx.timeoutMs);
  return got.kind === "event" ? { kind: "answer", value: got.args[0] } : { kind: "none" };
}

export const describeAnswer = (a: Answer): unknown =>
  a.kind === "none" ? "no answer on the requestId event" : a.value;

/** An answer that carries an error message, in any of the forms nestmtx.md allows (documented.ts). */
export const isError = (a: Answer): boolean => a.kind === "answer" && isDocumentedError(a.value);

/** Success: an answer that does not say it is an error (the document's "requested data"). */
export const isSuccess = (a: Answer): boolean => a.kind === "answer" && !saysError(a.value);

/** Throws a Mismatch unless `a` is an error answer. */
export function expectError(a: Answer, title: string): void {
  if (!isError(a)) throw new Mismatch({ title, expected: ERROR_FORMS, actual: describeAnswer(a) });
}

/** Throws a Mismatch unless `a` holds no entity: an error, or nothing (documented.ts `isNoEntity`). */
export function expectNoEntity(a: Answer, title: string): void {
  if (a.kind === "none" || !isNoEntity(a.value))
    throw new Mismatch({
      title,
      expected: `${ERROR_FORMS}, or an answer holding nothing (null, {}, [])`,
      actual: describeAnswer(a),
    });
}

/**
 * A create or update whose payload the server refused: nestmtx.md names no entity fields, so the suite's payload
 * (the real server's fields) may break a server's own rules. Such an answer is the server's call, not a departure;
 * no answer at all is one. Returns the accepted value, or `refused`.
 */
export function acceptedOrRefused(a: Answer, title: string): { refused: true } | { refused: false; value: unknown } {
  if (a.kind === "none")
    throw new Mismatch({
      title,
      expected: "the module's value or an error on the requestId event",
      actual: describeAnswer(a),
    });
  return saysError(a.value) || typeof a.value === "string" ? { refused: true } : { refused: false, value: a.value };
}

/** Throws a Mismatch unless `a` is a success answer; returns its value. */
export function expectSuccess(a: Answer, title: string): unknown {
  if (a.kind === "none" || !isSuccess(a))
    throw new Mismatch({
      title,
      expected: "the module's value (not an error) on the requestId event",
      actual: describeAnswer(a),
    });
  return a.value;
}

/**
 * Makes sure everything the server emitted to `client` before now has arrived: Socket.IO keeps one socket's packets
 * in order, so once the answer to a fresh request is in, any earlier emit to this socket is in too. Needs no sleep;
 * a server that answers nothing (an anonymous socket on some servers) costs one timeout.
 */
export async function barrier(ctx: Ctx, client: SioClient): Promise<void> {
  await ask(ctx, client, EXAMPLE_REQUEST);
}

/** Answers that reached a client other than the one whose requestId they carry (request ids by owner client name). */
export function strayAnswers(exchanges: readonly Exchange[], owners: ReadonlyMap<string, string>) {
  return exchanges.flatMap((e) => {
    if (e.kind !== "receive") return [];
    const owner = owners.get(e.event);
    return owner !== undefined && owner !== e.client ? [{ requestId: e.event, owner, receivedBy: e.client }] : [];
  });
}
