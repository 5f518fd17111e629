import {
  APPLICATION_WILDCARD,
  CAMERA_EVENTS,
  CREDENTIALS_EVENTS,
  type Domain,
  domainWildcard,
} from "../../protocols/nestmtx/index.js";
import { Mismatch, pass, skip, type Verdict } from "../index.js";
import { type Ctx, doc, type NestmtxCheck, QUOTES } from "./doc.js";
import { updateProblems } from "./documented.js";
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
  return (await forEachTrigger(ctx, triggers, body, watchers)) ?? pass();
}

/** The rows of nestmtx.md's event tables, verbatim (markdown aside): what each event check enforces. */
const EVENT_ROWS: Record<string, string> = {
  "camera:demand": "Emitted when a client attempts to read from the camera feed",
  "camera:unDemand": "Emitted when no more clients are remaining to read from the camera feed",
  "camera:ready": "Emitted when the camera feed is ready to be read from the camera feed",
  "camera:notReady": "Emitted when the camera feed is no longer ready to be read from the camera feed",
  "camera:read": "Emitted when a client starts consuming the camera feed",
  "camera:unread": "Emitted when a client stops consuming the camera feed",
  "camera:extended": "Emitted when the source stream authentication has been extended",
  "camera:failed-extension": "Emitted when the source stream authentication fails to be extended",
  "credentials:authenticated": "Emitted when credentials have been authenticated for the first time",
  "credentials:reauthenticated": "Emitted when credentials have been refreshed using a refresh token",
  "credentials:unauthenticated":
    "Emitted when credentials fail to refresh using a refresh token and the credentials need to be reauthenticated",
};

/** One check per documented event type: the trigger's update arrives on `<domain>:<event>`. */
function eventCheck(domain: Domain, event: string): NestmtxCheck {
  return {
    id: `nestmtx.topics.${domain}-${event}`,
    level: "must",
    doc: doc(
      domain === "camera" ? "cameraEvents" : "credentialsEvents",
      `| \`${event}\` | ${EVENT_ROWS[`${domain}:${event}`] ?? ""} |`,
    ),
    title: `emits a ${domain} "${event}" update on "${domain}:${event}"`,
    run: (ctx) =>
      withTriggers(
        ctx,
        ctx.fixtures.triggers.filter((t) => t.domain === domain && t.event === event),
        `no trigger for ${domain}:${event} in the fixtures (\`triggers\`; nestmtx.md does not say what causes it)`,
        async ([watcher], trigger) => {
          if (watcher !== undefined) await awaitUpdate(ctx, watcher, specificTopic(trigger), trigger, "");
        },
      ),
  };
}

const documented = (t: Trigger) =>
  (t.domain === "camera" && (CAMERA_EVENTS as readonly string[]).includes(t.event)) ||
  (t.domain === "credentials" && (CREDENTIALS_EVENTS as readonly string[]).includes(t.event));

const NO_TRIGGER = "no trigger in the fixtures (`triggers`; nestmtx.md does not say what causes status updates)";

export const topicChecks: readonly NestmtxCheck[] = [
  ...CAMERA_EVENTS.map((e) => eventCheck("camera", e)),
  ...CREDENTIALS_EVENTS.map((e) => eventCheck("credentials", e)),
  {
    id: "nestmtx.topics.domain-wildcard",
    level: "must",
    doc: doc("topicFormat", "- `<domain>:*` - Domain specific wildcard topic"),
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
    doc: doc("topicFormat", "- `nestmtx:*` - Application-wide wildcard topic"),
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
    doc: doc(
      "payloadFormat",
      "Payloads will be JSON objects which can be easily parsed. They will have the following properties:",
    ),
    title: "sends updates as {domain, entity, event, details} with entity an id or null and details an object",
    run: (ctx) =>
      withTriggers(ctx, ctx.fixtures.triggers.filter(documented), NO_TRIGGER, async ([watcher], trigger) => {
        if (watcher === undefined) return;
        const update = await awaitUpdate(ctx, watcher, specificTopic(trigger), trigger, "");
        const problems = updateProblems(update, trigger.domain, trigger.event);
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
    doc: doc("statusUpdates", QUOTES.subscribe),
    title: "delivers an update to every authenticated socket, each listening with socket.on only",
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
