import { z } from "zod";

/** Shell data in either direction (`data`): raw keystrokes in, raw terminal output out. // antimony.md § Shell I/O */
export const shellDataSchema = z.string();
export type ShellData = z.infer<typeof shellDataSchema>;

/** Everything the shell has output so far (`backlog`), on connect. // antimony.md § Shell I/O */
export const shellBacklogSchema = z.array(z.string());
export type ShellBacklog = z.infer<typeof shellBacklogSchema>;
