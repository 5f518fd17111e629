import { Mismatch, type SioClient } from "../index.js";
import type { Ctx } from "./doc.js";
import type { Trigger } from "./fixtures.js";
import { ask, authed, isSuccess } from "./session.js";

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
  if (client === undefined) return { ok: false, reason: "the trigger needs --token" };
  const answer = await ask(ctx, client, trigger.request ?? {});
  client.close();
  return isSuccess(answer) ? { ok: true } : { ok: false, reason: "the trigger request was not answered with success" };
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
        actual: others.length === 0 ? `nothing on "${topic}"` : { otherUpdatesOnTheTopic: others.slice(0, 3) },
      });
    }
    if (isUpdateOf(got.args[0], trigger)) return got.args[0];
    others.push(got.args[0]);
  }
}

/**
 * Runs `body` for each trigger: a watcher is connected first, then the trigger fired. A trigger that cannot be fired
 * makes the check skip with why, since the suite cannot judge the server then.
 */
export async function forEachTrigger(
  ctx: Ctx,
  triggers: readonly Trigger[],
  body: (watchers: readonly SioClient[], trigger: Trigger) => Promise<void>,
  watcherCount = 1,
): Promise<{ skipped?: string }> {
  for (const trigger of triggers) {
    const watchers: SioClient[] = [];
    for (let i = 0; i < watcherCount; i++) {
      const w = await authed(ctx, i === 0 ? "auth" : i === 1 ? "header" : "query");
      if (w === undefined) return { skipped: "no --token given: no socket to receive status updates" };
      watchers.push(w);
    }
    const fired = await fire(ctx, trigger);
    if (!fired.ok) return { skipped: `trigger ${label(trigger)} failed: ${fired.reason}` };
    await body(watchers, trigger);
    for (const w of watchers) w.close();
  }
  return {};
}
