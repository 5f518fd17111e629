import { z } from "zod";

/** Camera feed events. */
// nestmtx.md § Event Types for the `camera` domain
export const CAMERA_EVENTS = [
  "demand",
  "unDemand",
  "ready",
  "notReady",
  "read",
  "unread",
  "extended",
  "failed-extension",
] as const;

/** Credential events. */
// nestmtx.md § Event Types for the `credentials` domain
export const CREDENTIALS_EVENTS = ["authenticated", "reauthenticated", "unauthenticated"] as const;

// nestmtx.md § Topic Format (<domain>)
export const DOMAINS = { camera: CAMERA_EVENTS, credentials: CREDENTIALS_EVENTS } as const;
export type Domain = keyof typeof DOMAINS;
export type CameraEvent = (typeof CAMERA_EVENTS)[number];
export type CredentialsEvent = (typeof CREDENTIALS_EVENTS)[number];
export type DomainEvent<D extends Domain> = (typeof DOMAINS)[D][number];

/** `<domain>:<event type>`. */
// nestmtx.md § Topic Format
export type Topic = `camera:${CameraEvent}` | `credentials:${CredentialsEvent}`;
/** `<domain>:*` and `nestmtx:*`. */
// nestmtx.md § Topic Format ("Additionally, there will be the following wildcard topics")
export type WildcardTopic = `${Domain}:*` | "nestmtx:*";

export const APPLICATION_WILDCARD = "nestmtx:*" as const;

export function topic<D extends Domain>(domain: D, event: DomainEvent<D>): Topic {
  return `${domain}:${event}` as Topic;
}

export function domainWildcard(domain: Domain): WildcardTopic {
  return `${domain}:*`;
}

/** Every topic name, specific and wildcard, in a fixed order. */
export const ALL_TOPICS: readonly string[] = [
  ...CAMERA_EVENTS.map((e) => topic("camera", e)),
  ...CREDENTIALS_EVENTS.map((e) => topic("credentials", e)),
  domainWildcard("camera"),
  domainWildcard("credentials"),
  APPLICATION_WILDCARD,
];

const cameraUpdate = z.object({
  domain: z.literal("camera"),
  event: z.enum(CAMERA_EVENTS),
});
const credentialsUpdate = z.object({
  domain: z.literal("credentials"),
  event: z.enum(CREDENTIALS_EVENTS),
});

/**
 * The payload of every topic. `at` (ISO time) is the real server's addition (REAL-SERVERS.md); `entity` is the id,
 * or null when there is none.
 */
// nestmtx.md § Payload Format
export const statusUpdateSchema = z.discriminatedUnion("domain", [cameraUpdate, credentialsUpdate]).and(
  z.object({
    entity: z.number().int().positive().nullable(),
    details: z.record(z.string(), z.unknown()),
    at: z.iso.datetime(),
  }),
);
export type StatusUpdate = z.infer<typeof statusUpdateSchema>;

/** A request to publish one update on demand (the reference server's `POST /api/simulate`, D12). */
export const publishSchema = z.discriminatedUnion("domain", [cameraUpdate.strict(), credentialsUpdate.strict()]).and(
  z.object({
    entity: z.number().int().positive().nullable().default(null),
    details: z.record(z.string(), z.unknown()).default({}),
  }),
);
export type PublishRequest = z.infer<typeof publishSchema>;
