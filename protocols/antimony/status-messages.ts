import { z } from "zod";

/** Status message severities. // antimony.md § Status Messages › Severities */
export const severities = {
  success: 0,
  info: 1,
  warning: 2,
  error: 3,
  fatal: 4,
} as const;

export type Severity = (typeof severities)[keyof typeof severities];

/** One status message. // antimony.md § Status Messages */
export const statusMessageSchema = z.object({
  id: z.string(),
  /** ISO 8601. */
  timestamp: z.iso.datetime({ offset: true }),
  /** The source component. */
  source: z.string(),
  content: z.string(),
  /** More detailed message, for logging. */
  logContent: z.string(),
  severity: z.number().int().min(severities.success).max(severities.fatal),
});
export type StatusMessage = z.infer<typeof statusMessageSchema>;

/** The `data` event on `/status-messages`. // antimony.md § Status Messages */
export const statusMessageEventSchema = z.object({ payload: statusMessageSchema });
export type StatusMessageEvent = z.infer<typeof statusMessageEventSchema>;
