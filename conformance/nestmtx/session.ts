import { z } from "zod";
import { errorBodySchema, isErrorAnswer, type NestmtxRequest } from "../../protocols/nestmtx/index.js";
import { type ConnectRequest, type Exchange, Mismatch, type SioClient } from "../index.js";
import type { Ctx } from "./doc.js";

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

/** A socket authenticated with `--token`, or undefined when the user gave none (the check then skips). */
export async function authed(ctx: Ctx, place: TokenPlace = "auth"): Promise<SioClient | undefined> {
  const token = ctx.credentials.token;
  if (token === undefined) return undefined;
  return ctx.clients.connect(withToken(token, place));
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

/**
 * An error as REAL-SERVERS.md says it travels: `{error: {message, details, context}}`. It names `details` without
 * saying what it holds: the reference server's list of `{message, path?, type?}` (DECISIONS.md D14) is one choice,
 * an object or a string are others, so only `message` is typed here.
 */
const wireErrorSchema = z.object({ error: errorBodySchema.extend({ details: z.unknown() }) });

export const isWireError = (a: Answer): boolean => a.kind === "answer" && wireErrorSchema.safeParse(a.value).success;

/** Success is an answer that is not `{error}` (D9: the only thing a check may rely on about a success). */
export const isSuccess = (a: Answer): boolean => a.kind === "answer" && !isErrorAnswer(a.value);

export const ERROR_SHAPE = "an error on the requestId event: {error: {message, details, context}}";

/** Throws a Mismatch unless `a` is an error answer. */
export function expectError(a: Answer, title: string): void {
  if (!isWireError(a)) throw new Mismatch({ title, expected: ERROR_SHAPE, actual: describeAnswer(a) });
}

/** Throws a Mismatch unless `a` is a success answer; returns its value. */
export function expectSuccess(a: Answer, title: string): unknown {
  if (a.kind === "none" || !isSuccess(a))
    throw new Mismatch({
      title,
      expected: "the module's value (not {error}) on the requestId event",
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
  await ask(ctx, client, { command: "list", module: "users" });
}

/** Answers that reached a client other than the one whose requestId they carry (request ids by owner client name). */
export function strayAnswers(exchanges: readonly Exchange[], owners: ReadonlyMap<string, string>) {
  return exchanges.flatMap((e) => {
    if (e.kind !== "receive") return [];
    const owner = owners.get(e.event);
    return owner !== undefined && owner !== e.client ? [{ requestId: e.event, owner, receivedBy: e.client }] : [];
  });
}
