import { z } from "zod";

/** What happened to a shell. // antimony.md § Shell Commands › Available Commands */
export const shellCommands = {
  error: 0,
  close: 1,
} as const;
export type ShellCommand = (typeof shellCommands)[keyof typeof shellCommands];

/**
 * The `data` event on `/shell-commands`, a bare object as the document shows it. // antimony.md § Shell Commands
 * The real server wraps it in `{payload}` (REAL-SERVERS.md); DECISIONS.md D3.
 */
export const shellCommandEventSchema = z.object({
  labId: z.string(),
  node: z.string(),
  shellId: z.string(),
  command: z.union([z.literal(shellCommands.error), z.literal(shellCommands.close)]),
  message: z.string(),
});
export type ShellCommandEvent = z.infer<typeof shellCommandEventSchema>;
