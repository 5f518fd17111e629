import { skip, type Verdict } from "../index.js";
import type { Ctx } from "./session.js";

/**
 * The events of § Circle Events, § Conversations Events, the message changes and media uploads are caused by the
 * product's REST API, which the document does not describe (DECISIONS.md D19). The suite can check them only when
 * the user gives a trigger: `adminUrl`, a server speaking the reference server's admin API (`POST /admin/...`,
 * docs/api-circles-chat.md). Without it those checks skip, saying so.
 */
export const NO_TRIGGER = "no fixture adminUrl: the document gives no socket way to make the server send this event";

export type Post = (path: string, body?: Record<string, unknown>) => Promise<unknown>;

/** Runs `body` with a poster for the trigger, or skips without one. */
export async function withTrigger(ctx: Ctx, body: (post: Post) => Promise<Verdict>): Promise<Verdict> {
  const base = ctx.fixtures.adminUrl?.replace(/\/+$/, "");
  if (base === undefined) return skip(NO_TRIGGER);
  const post: Post = async (path, payload = {}) => {
    const res = await fetch(`${base}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(payload),
      signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(ctx.timeoutMs)]),
    });
    const text = await res.text();
    // A refused trigger is a fixture problem, not a departure of the server under test: the check errors.
    if (!res.ok) throw new Error(`the trigger POST ${path} answered HTTP ${res.status}: ${text.slice(0, 200)}`);
    return text === "" ? undefined : JSON.parse(text);
  };
  return body(post);
}
