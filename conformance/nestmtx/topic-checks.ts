import {
  APPLICATION_WILDCARD,
  CAMERA_EVENTS,
  CREDENTIALS_EVENTS,
  type Domain,
  domainWildcard,
} from "../../protocols/nestmtx/index.js";
import { Mismatch, pass, skip, type Verdict } from "../index.js";
import { type Ctx, doc, type NestmtxCheck } from "./doc.js";
import type { Trigger } from "./fixtures.js";
import { awaitUpdate, forEachTrigger } from "./triggers.js";

const specificTopic = (t: Trigger) => `${t.domain}:${t.event}`;

/** Runs `body` over `triggers`; no trigger (or one that cannot be fired) skips with why. */
async function withTriggers(
  ctx: Ctx,
  triggers: readonly Trigger[],
  none: string,
  body: Parameters<typeof forEachTrigger>[2],
  watchers = 1,
): Promise<Verdict> {
  if (triggers.length === 0) return skip(none);
  const done = await forEachTrigger(ctx, triggers, body, watchers);
  return done.skipped === undefined ? pass() : skip(done.skipped);
}

/** One check per documented event type: the trigger's update arrives on `<domain>:<event>`. */
function eventCheck(domain: Domain, event: string): NestmtxCheck {
  return {
    id: `nestmtx.topics.${domain}-${event}`,
    level: "must",
    doc: doc(domain === "camera" ? "cameraEvents" : "credentialsEvents"),
    title: `emits a ${domain} "${event}" update on "${domain}:${event}"`,
    run: (ctx) =>
      withTriggers(
        ctx,
        ctx.fixtures.triggers.filter((t) => t.domain === domain && t.event === event),
        `no trigger for ${domain}:${event} in the fixtures (nestmtx.md does not say what causes it)`,
        async ([watcher], trigger) => {
          if (watcher !== undefined) await awaitUpdate(ctx, watcher, specificTopic(trigger), trigger, "");
        },
      ),
  };
}

const documented = (t: Trigger) =>
  (t.domain === "camera" && (CAMERA_EVENTS as readonly string[]).includes(t.event)) ||
  (t.domain === "credentials" && (CREDENTIALS_EVENTS as readonly string[]).includes(t.event));

const NO_TRIGGER = "no trigger in the fixtures (nestmtx.md does not say what causes status updates)";

/** What nestmtx.md § Payload Format says each field is; `at` and other extra fields are free. */
function payloadProblems(update: unknown, trigger: Trigger): string[] {
  if (typeof update !== "object" || update === null || Array.isArray(update)) return ["the payload is not an object"];
  const u = update as Record<string, unknown>;
  const problems: string[] = [];
  if (u.domain !== trigger.domain) problems.push(`domain is ${JSON.stringify(u.domain)}`);
  if (u.event !== trigger.event) problems.push(`event is ${JSON.stringify(u.event)}`);
  if (!("entity" in u)) problems.push("entity is missing (an id, or null when there is none)");
  else if (u.entity !== null && typeof u.entity !== "number" && typeof u.entity !== "string")
    problems.push(`entity is ${JSON.stringify(u.entity)}, neither an id nor null`);
  if (typeof u.details !== "object" || u.details === null || Array.isArray(u.details))
    problems.push(`details is ${JSON.stringify(u.details)}, not a JSON object`);
  return problems;
}

export const topicChecks: readonly NestmtxCheck[] = [
  ...CAMERA_EVENTS.map((e) => eventCheck("camera", e)),
  ...CREDENTIALS_EVENTS.map((e) => eventCheck("credentials", e)),
  {
    id: "nestmtx.topics.domain-wildcard",
    level: "must",
    doc: doc("topicFormat"),
    title: 'emits every update on its domain wildcard "<domain>:*" as well',
    run: (ctx) =>
      withTriggers(ctx, ctx.fixtures.triggers.filter(documented), NO_TRIGGER, async ([watcher], trigger) => {
        if (watcher !== undefined)
          await awaitUpdate(ctx, watcher, domainWildcard(trigger.domain as Domain), trigger, "");
      }),
  },
  {
    id: "nestmtx.topics.application-wildcard",
    level: "must",
    doc: doc("topicFormat"),
    title: `emits every update on the application-wide wildcard "${APPLICATION_WILDCARD}" as well`,
    run: (ctx) =>
      withTriggers(ctx, ctx.fixtures.triggers.filter(documented), NO_TRIGGER, async ([watcher], trigger) => {
        if (watcher !== undefined)
          await awaitUpdate(
            ctx,
            watcher,
            APPLICATION_WILDCARD,
            trigger,
            ` (nestmtx.md § Topic Format; the real NestMTX server omits "${APPLICATION_WILDCARD}", REAL-SERVERS.md)`,
          );
      }),
  },
  {
    id: "nestmtx.topics.payload-format",
    level: "must",
    doc: doc("payloadFormat"),
    title: "sends updates as {domain, entity, event, details} with entity an id or null and details an object",
    run: (ctx) =>
      withTriggers(ctx, ctx.fixtures.triggers.filter(documented), NO_TRIGGER, async ([watcher], trigger) => {
        if (watcher === undefined) return;
        const update = await awaitUpdate(ctx, watcher, specificTopic(trigger), trigger, "");
        const problems = payloadProblems(update, trigger);
        if (problems.length > 0)
          throw new Mismatch({
            title: `the ${specificTopic(trigger)} payload has the documented properties`,
            expected: "{domain, entity: id | null, event, details: {}}",
            actual: { update, problems },
          });
      }),
  },
  {
    id: "nestmtx.topics.every-authenticated-socket",
    level: "must",
    doc: doc("topicFormat"),
    title: "delivers an update to every authenticated socket, each listening with socket.on only (D7)",
    run: (ctx) =>
      withTriggers(
        ctx,
        ctx.fixtures.triggers.filter(documented).slice(0, 1),
        NO_TRIGGER,
        async (watchers, trigger) => {
          for (const w of watchers)
            await awaitUpdate(ctx, w, specificTopic(trigger), trigger, ` at ${w.name} (every socket, not just one)`);
        },
        3,
      ),
  },
];
