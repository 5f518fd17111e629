import { blocked, Mismatch, type SioClient, type Verdict } from "../index.js";
import type { Ctx } from "./doc.js";
import type { Trigger } from "./fixtures.js";
import { ask, authed, describeAnswer, isSuccess, TOKEN_PLACES } from "./session.js";

export type Fired = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Makes the target publish the trigger's update: its HTTP call or its socket request (with `--token`). */
export async function fire(ctx: Ctx, trigger: Trigger): Promise<Fired> {
  const token = ctx.credentials.token;
  if (trigger.http !== undefined) {
    const { method, path, body, bearer } = trigger.http;
    if (bearer && token === undefined) return { ok: false, reason: "the trigger needs --token" };
    const res = await fetch(`${ctx.target}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...(bearer ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(ctx.timeoutMs)]),
    });
    await res.body?.cancel();
    return res.ok ? { ok: true } : { ok: false, reason: `${method} ${path} answered ${res.status}` };
  }
  const client = await authed(ctx);
  if (!client.ok) return { ok: false, reason: "the trigger needs a socket with --token" };
  const answer = await ask(ctx, client.value, trigger.request ?? {});
  client.value.close();
  return isSuccess(answer)
    ? { ok: true }
    : { ok: false, reason: `the trigger request was answered ${JSON.stringify(describeAnswer(answer))}` };
}

const label = (t: Trigger) => `${t.domain}:${t.event}${t.entity === undefined ? "" : ` (entity ${String(t.entity)})`}`;

/** Whether `update` is the one `trigger` asked for: same domain and event, and entity when the fixture names it. */
export function isUpdateOf(update: unknown, trigger: Trigger): boolean {
  if (typeof update !== "object" || update === null) return false;
  const u = update as Record<string, unknown>;
  return (
    u.domain === trigger.domain &&
    u.event === trigger.event &&
    (trigger.entity === undefined || String(u.entity) === String(trigger.entity))
  );
}

/**
 * Waits on `topic` for the trigger's update, passing over other updates (a server may publish on its own meanwhile).
 * Throws a Mismatch naming the topic when it does not come.
 */
export async function awaitUpdate(ctx: Ctx, client: SioClient, topic: string, trigger: Trigger, why: string) {
  const until = Date.now() + ctx.timeoutMs;
  const others: unknown[] = [];
  for (;;) {
    const got = await client.next(topic, Math.max(0, until - Date.now()));
    if (got.kind === "timeout") {
      throw new Mismatch({
        title: `the update ${label(trigger)} is emitted on "${topic}"`,
        expected: `an emit on "${topic}" with {domain: "${trigger.domain}", event: "${trigger.event}", entity, details}${why}`,
        actual: others.length === 0 ? `nothing on "${topic}"` : { otherUpdatesOnTheTopic: others },
      });
    }
    if (isUpdateOf(got.args[0], trigger)) return got.args[0];
    others.push(got.args[0]);
  }
}

/** The set-up step of a topic check: firing one trigger the fixtures give. */
const triggerStep = (t: Trigger) => `fire the fixtures' trigger for ${label(t)}`;

/**
 * Runs `body` for each trigger: watchers are connected first (one per token place), then the trigger fired. A watcher
 * that cannot connect, or a trigger that cannot be fired, ends the run with the verdict that says so: the suite cannot
 * judge the topics then.
 */
export async function forEachTrigger(
  ctx: Ctx,
  triggers: readonly Trigger[],
  body: (watchers: readonly SioClient[], trigger: Trigger) => Promise<void>,
  watcherCount = 1,
): Promise<Verdict | undefined> {
  for (const trigger of triggers) {
    const watchers: SioClient[] = [];
    for (let i = 0; i < watcherCount; i++) {
      const w = await authed(ctx, TOKEN_PLACES[(i + 1) % TOKEN_PLACES.length]);
      if (!w.ok) return w.verdict;
      watchers.push(w.value);
    }
    const fired = await fire(ctx, trigger);
    if (!fired.ok) return blocked(triggerStep(trigger), fired.reason);
    await body(watchers, trigger);
    for (const w of watchers) w.close();
  }
  return undefined;
}
