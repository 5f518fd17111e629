import { z } from "zod";

/**
 * Everything that tunes a reference server, resolved once (by the CLI or a test) and passed down frozen.
 * The bounds keep memory finite whatever clients send; the simulation knobs drive load scenarios.
 */
export const serverOptionsSchema = z.object({
  // An empty host makes Node bind every interface, with the admin APIs unauthenticated (issue 15): refused, so that
  // every interface is only ever asked for by name (0.0.0.0 or ::).
  host: z
    .string()
    .refine(
      (h) => h.trim() !== "",
      "an empty host would bind every interface; give an address such as 127.0.0.1 or 0.0.0.0",
    )
    .default("127.0.0.1"),
  limits: z
    .object({
      /** Largest Socket.IO / Engine.IO message accepted; larger ones close that client's connection. */
      maxPayloadBytes: z.number().int().positive().default(1_000_000),
      /** Lines kept per log or shell backlog; older lines are dropped first. */
      backlogLines: z.number().int().positive().default(1_000),
      /**
       * UTF-8 bytes kept per Antimony shell backlog, oldest output dropped first: a chunk of shell input may be
       * `maxStringBytes` (more once each newline is echoed with a prompt), so lines alone would allow ~64 MB a shell.
       */
      shellBacklogBytes: z.number().int().positive().default(1_000_000),
      /** Largest string a handler accepts in a free-text field (message texts, shell input). */
      maxStringBytes: z.number().int().positive().default(65_536),
      /** Open shells per user per lab before Antimony answers 5008. */
      maxShellsPerUser: z.number().int().positive().default(8),
      /** Past commands the command network keeps. */
      pastCommands: z.number().int().positive().default(1_000),
      /**
       * Unsent bytes the server holds for one client (WebSocket buffer + Engine.IO write buffer) before it drops that
       * client: a client that stops reading must not grow the server's memory without limit (docs/reliability.md).
       */
      maxOutgoingBufferBytes: z.number().int().positive().default(4_000_000),
      /**
       * Namespaces one connection may have connected or connecting at once; a CONNECT past it is refused. socket.io
       * clients multiplex every namespace of a server on one connection, so it is far above what a UI opens
       * (an Antimony user with several labs: a few global namespaces plus a log per lab and node and a shell each).
       */
      maxNamespacesPerConnection: z.number().int().positive().default(100),
    })
    .prefault({}),
  simulation: z
    .object({
      /** Log lines per second a deployed Antimony lab (and NestMTX's logger) emits; 0 = only on events. */
      logLinesPerSecond: z.number().nonnegative().default(2),
      /** Size of each simulated log line's text, in bytes. */
      logLineBytes: z.number().int().positive().default(80),
      /** How long a simulated Antimony deploy takes. */
      deployMs: z.number().int().nonnegative().default(500),
      /** Output lines per second of a running NeoRuntime script. */
      scriptOutputPerSecond: z.number().nonnegative().default(1),
    })
    .prefault({}),
  /** A fixed delay added before every handler runs, to test latency measurement and budgets. */
  delayMs: z.number().int().nonnegative().default(0),
  /** One deliberate defect, by name (see each API's faults list); undefined for a faithful server. */
  fault: z.string().optional(),
});

export type ServerOptions = Readonly<z.infer<typeof serverOptionsSchema>>;
export type ServerOptionsInput = z.input<typeof serverOptionsSchema>;

export function resolveServerOptions(input: ServerOptionsInput = {}): ServerOptions {
  return Object.freeze(serverOptionsSchema.parse(input));
}
