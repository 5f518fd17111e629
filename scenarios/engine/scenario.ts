import { z } from "zod";

/**
 * A scenario's flow, written as the `flow` of an Artillery script whose scenario uses `engine: volley`; the same
 * file runs under `npx artillery run` and `volley load`. Arguments may hold the placeholders in `template.ts`.
 */
const args = z.array(z.unknown()).default([]);
const timeoutMs = z.number().int().positive().max(60_000).default(5_000);
/**
 * Values to keep from a reply for `{{capture.NAME}}` in later steps: NAME -> dotted path in the reply's first
 * argument (`$` for the argument itself, `*` for any field), or a list of such paths where a document allows
 * several answers: the first that holds a string or a number (an id) is kept. A reply that is errored, timed out or lacks a value ends this user's
 * flow: the steps after it would act on nothing (counted under the step's metric, never a crash).
 */
const capture = z.record(z.string().regex(/^[\w-]+$/), z.union([z.string(), z.array(z.string()).min(1)])).optional();

export const emitAckStepSchema = z.strictObject({
  event: z.string(),
  args,
  /** Name under which latency is reported; default `ack:<event>`. */
  metric: z.string().optional(),
  timeoutMs,
  /** A reply whose first argument has this field set (e.g. `error`) counts as errored, coded by its `code`. */
  errorField: z.string().optional(),
  capture,
});

/**
 * An emit answered by a pushed event rather than an ack: NestMTX answers a `request` on the event named by its
 * `requestId`, an Antimony shell echoes keystrokes as `data`. `reply` (the event name) and `match` are templates
 * filled like the args, so `requestId: "r-{{vu}}-{{seq}}"` and `reply: "r-{{vu}}-{{seq}}"` pair them up.
 */
export const emitAwaitStepSchema = z.strictObject({
  event: z.string(),
  args,
  reply: z.string(),
  /** The reply must contain this text (a string reply, or the JSON of any other): pairs echoes with keystrokes. */
  match: z.string().optional(),
  /** Name under which latency is reported; default `reply:<event>`. */
  metric: z.string().optional(),
  timeoutMs,
  errorField: z.string().optional(),
  capture,
});

const leafStepSchema = z.union([
  z.strictObject({ emit: z.strictObject({ event: z.string(), args }) }),
  z.strictObject({ emitAck: emitAckStepSchema }),
  z.strictObject({ emitAwait: emitAwaitStepSchema }),
  z.strictObject({
    awaitEvent: z.strictObject({
      event: z.string(),
      metric: z.string().optional(),
      timeoutMs,
      /** The event's payload must contain this text (template; JSON of a non-string): errored `unexpected_payload` otherwise. */
      contains: z.string().optional(),
    }),
  }),
  z.strictObject({
    subscribe: z.strictObject({
      event: z.string(),
      metric: z.string().optional(),
      /** Field (dotted path) of the first argument holding the send time (epoch ms or ISO): latency = receipt - it. */
      sentAtField: z.string().optional(),
      /** Field (dotted path) with a per-stream sequence number: gaps count as lost, going backwards as reordered. */
      sequenceField: z.string().optional(),
      /** The first sequence number the sender uses, when known (`{{seq}}` starts at 0): a gap before the first received counts. */
      sequenceStart: z.number().int().optional(),
      /**
       * How to read a push: `fields` of its first argument (an object), or an Antimony reference-server log line
       * `seq=<n> ts=<ms> text` (protocols/antimony/log-line-format.ts), read as fields `seq` and `sentAtMs`.
       */
      parse: z.enum(["fields", "antimony-log-line"]).default("fields"),
      /**
       * A dotted path to a string holding JSON, or to an object with such a string among its fields (three levels
       * deep: a chat message whose `content` or `content.body` holds the text): its fields are read instead.
       */
      jsonAt: z.string().optional(),
      /**
       * Join this stream's receivers per message (needs `sentAtField` and `sequenceField`; one sender): time to the
       * first and to the last receiver as `fanout:first` and `fanout:last`, in one process on one clock.
       */
      fanOut: z.boolean().default(false),
    }),
  }),
  z.strictObject({
    /**
     * The open model: `rate` acked emits per second from this user on a fixed schedule, whatever the replies do,
     * latency measured from each emit's INTENDED time (coordinated omission corrected).
     */
    openLoop: z.union([
      z.strictObject({
        rate: z.number().positive(),
        durationSeconds: z.number().positive(),
        emitAck: emitAckStepSchema,
      }),
      z.strictObject({
        rate: z.number().positive(),
        durationSeconds: z.number().positive(),
        emitAwait: emitAwaitStepSchema,
      }),
      /** Events without an ack (a chat message): counted as sent (`sent:<event>`), measured where they arrive. */
      z.strictObject({
        rate: z.number().positive(),
        durationSeconds: z.number().positive(),
        emit: z.strictObject({ event: z.string(), args }),
      }),
    ]),
  }),
  /** Stays connected (listening to subscriptions) for this long; `volley load --duration` overrides it. */
  z.strictObject({
    hold: z.strictObject({
      durationSeconds: z.number().nonnegative(),
      /** Added after the (possibly overridden) duration: receivers outlast a sender that started late. */
      graceSeconds: z.number().nonnegative().default(0),
    }),
  }),
  z.strictObject({ think: z.number().nonnegative() }),
]);

export const connectSchema = z.strictObject({
  namespace: z.string().startsWith("/").default("/"),
  /** 2 for Socket.IO 2.x servers (Engine.IO 3), 4 for Socket.IO 3/4. */
  clientVersion: z.union([z.literal(2), z.literal(4)]).default(4),
  auth: z.record(z.string(), z.unknown()).optional(),
  query: z.record(z.string(), z.string()).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  timeoutMs: timeoutMs,
});

/**
 * A flow for some users only, by index (from inclusive, to exclusive): one sender and many receivers are one
 * scenario, so that they share a clock and a report.
 */
export const stepSchema = z.union([
  leafStepSchema,
  z.strictObject({
    users: z.strictObject({
      from: z.number().int().nonnegative().default(0),
      to: z.number().int().positive().optional(),
      flow: z.array(leafStepSchema),
    }),
  }),
  /**
   * A second socket for this user (same target; fields not given come from the user's connection; `namespace` is
   * a template, e.g. `/shells/{{capture.shellId}}`): connect measured as `metric` (default `connect:socket`), the
   * flow run on it, then closed. Antimony opens a shell on `/lab-commands` and types into `/shells/<id>`.
   */
  z.strictObject({
    socket: z.strictObject({
      namespace: z.string().startsWith("/"),
      clientVersion: z.union([z.literal(2), z.literal(4)]).optional(),
      auth: z.record(z.string(), z.unknown()).optional(),
      query: z.record(z.string(), z.string()).optional(),
      headers: z.record(z.string(), z.string()).optional(),
      timeoutMs: z.number().int().positive().max(60_000).optional(),
      metric: z.string().default("connect:socket"),
      flow: z.array(leafStepSchema).min(1),
    }),
  }),
]);
export type Step = z.infer<typeof stepSchema>;
export type EmitAckStep = z.infer<typeof emitAckStepSchema>;
export type EmitAwaitStep = z.infer<typeof emitAwaitStepSchema>;
export type SocketStep = Extract<Step, { socket: unknown }>["socket"];

/** A connection and a flow run once, before the users start (deploy a lab, create a room). */
export const setupSchema = z.strictObject({
  volley: connectSchema.default(connectSchema.parse({})),
  /**
   * Try the connection again every 100 ms, for at most this many ms, until it opens (refusals not counted): a
   * namespace that opens once the server is ready (Antimony's `/logs/<lab>/<node>` once the lab is deployed,
   * which a deploy's ack may precede). After that its flow runs as any setup's.
   */
  untilConnectsMs: z.number().int().positive().max(120_000).optional(),
  flow: z.array(stepSchema).min(1),
});

/** One Artillery scenario entry with `engine: volley`; the connection is the `volley` key beside the flow. */
export const scenarioSchema = z.object({
  name: z.string().default("default"),
  engine: z.literal("volley"),
  volley: connectSchema.default(connectSchema.parse({})),
  /** Run in order before the users (once per process: once per `volley load`, once per Artillery worker). */
  setup: z.array(setupSchema).default([]),
  flow: z.array(stepSchema).min(1),
});
export type Scenario = z.infer<typeof scenarioSchema>;

// Artillery takes whole seconds (or unit strings such as "2m"); it refuses a fraction such as 0.5.
const seconds = z.number().int("whole seconds (Artillery refuses fractions)").nonnegative();
/**
 * One Artillery load phase (`config.phases`), read as Artillery 2 reads it (`@artilleryio/int-core/lib/phases.js`):
 * `pause` seconds without arrivals; or `duration` seconds of `arrivalCount` users spread evenly, or of `arrivalRate`
 * users a second, ramped linearly to `rampTo`; `maxVusers` caps the users running at once (arrivals beyond it are
 * skipped, as Artillery's `vusers.skipped`). Durations are whole seconds as numbers.
 */
export const phaseSchema = z
  .object({
    name: z.string().optional(),
    duration: seconds.optional(),
    arrivalRate: z.number().nonnegative().optional(),
    rampTo: z.number().nonnegative().optional(),
    arrivalCount: z.number().int().nonnegative().optional(),
    maxVusers: z.number().int().positive().optional(),
    pause: seconds.optional(),
  })
  .refine((p) => p.pause !== undefined || p.duration !== undefined, {
    message: "a phase needs `pause`, or `duration` with `arrivalRate`, `rampTo` or `arrivalCount`",
  })
  .refine(
    (p) =>
      p.pause !== undefined || p.arrivalRate !== undefined || p.rampTo !== undefined || p.arrivalCount !== undefined,
    {
      message: "a phase with `duration` needs `arrivalRate`, `rampTo` or `arrivalCount`",
    },
  );
export type Phase = z.infer<typeof phaseSchema>;

/** The parts of an Artillery script `volley load` reads. */
export const scriptSchema = z.object({
  config: z.object({
    target: z.string().optional(),
    phases: z.array(phaseSchema).min(1).optional(),
  }),
  scenarios: z.array(scenarioSchema).min(1),
});
export type Script = z.infer<typeof scriptSchema>;
