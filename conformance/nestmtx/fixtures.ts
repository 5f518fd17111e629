import { z } from "zod";
import { COMMANDS } from "../../protocols/nestmtx/index.js";

/**
 * An entity id as the target's fixtures name it. nestmtx.md § Payload Format calls it "the `id` column in the
 * database where possible" and says nothing of its format, so UUIDs are as good as the real server's integers.
 */
const fixtureIdSchema = z.union([z.string().min(1), z.number().int()]);

/** An HTTP call that makes the target publish one status update (for the reference server: `POST /api/simulate`). */
const httpTrigger = z
  .object({
    method: z.string().default("POST"),
    /** Relative to the target's base URL. */
    path: z.string().startsWith("/"),
    body: z.unknown().optional(),
    /** Send `Authorization: Bearer <--token>`. */
    bearer: z.boolean().default(true),
  })
  .strict();

/** A socket request (sent with the `--token` identity; the suite adds the requestId) that publishes an update. */
const requestTrigger = z
  .object({
    command: z.enum(COMMANDS),
    module: z.string().min(1),
    entity: fixtureIdSchema.optional(),
    payload: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

/**
 * One way to make the target publish `<domain>:<event>`. nestmtx.md lists the events but not what causes them, so
 * the suite cannot trigger them by itself (DECISIONS.md D13): the user says how, or the topic checks are skipped.
 */
const trigger = z
  .object({
    domain: z.string().min(1),
    event: z.string().min(1),
    /** The `entity` the update will name, when known: tells this update apart from background ones. */
    entity: z.union([fixtureIdSchema, z.null()]).optional(),
    http: httpTrigger.optional(),
    request: requestTrigger.optional(),
  })
  .strict()
  .refine((t) => (t.http === undefined) !== (t.request === undefined), "give exactly one of http or request");

/**
 * What the nestmtx suite needs from the target beyond `--token` (a bearer token of a user who may do everything):
 * ids that exist, an id that does not, optionally an expired token and ways to trigger status updates.
 */
export const nestmtxFixtures = z
  .object({
    /** One existing entity per module, read by the read checks. */
    existing: z
      .object({ users: fixtureIdSchema, cameras: fixtureIdSchema, credentials: fixtureIdSchema })
      .partial()
      .strict()
      .default({}),
    /** An id no entity of any module has (the default is far past any test database's ids). */
    unknownId: fixtureIdSchema.default("987654321"),
    /** A token the target once issued that has expired or been revoked. */
    expiredToken: z.string().min(1).optional(),
    /**
     * A create payload per module that the target accepts (nestmtx.md names no entity fields). Without one the suite
     * sends the real NestMTX server's fields; a target that refuses them has its crud checks skipped, naming this.
     * Values under `username` and `mtx_path` are made unique per request.
     */
    payloads: z
      .object({
        users: z.record(z.string(), z.unknown()),
        cameras: z.record(z.string(), z.unknown()),
        credentials: z.record(z.string(), z.unknown()),
      })
      .partial()
      .strict()
      .default({}),
    /** How to make the target publish status updates; topic checks without one for their event are skipped. */
    triggers: z.array(trigger).default([]),
  })
  .strict();

export type NestmtxFixtures = z.output<typeof nestmtxFixtures>;
export type Trigger = NestmtxFixtures["triggers"][number];
