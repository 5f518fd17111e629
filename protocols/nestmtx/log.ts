import { z } from "zod";

/** Log levels as the document numbers them (not pino's numbering, D10). */
// nestmtx.md § Log Levels
export const LOG_LEVELS = { trace: 20, debug: 30, info: 40, warn: 50, error: 60, fatal: 70 } as const;
export type LogLevelName = keyof typeof LOG_LEVELS;
export const logLevelSchema = z.literal([20, 30, 40, 50, 60, 70]);

/** One `log` event. */
// nestmtx.md § Streaming Logs
export const logEntrySchema = z.object({
  hostname: z.string(),
  level: logLevelSchema,
  msg: z.string(),
  pid: z.number().int(),
  service: z.string(),
  time: z.number().int(),
  timestamp: z.iso.datetime(),
});
export type LogEntry = z.infer<typeof logEntrySchema>;

/** Entries replayed to a socket when it connects (REAL-SERVERS.md § nestmtx.md). */
export const LOG_REPLAY_ENTRIES = 100;
