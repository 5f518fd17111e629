import { z } from "zod";

/** One streamed log line (`data`), a bare string. // antimony.md § Lab Log Streaming, § Node Log Streaming */
export const logLineSchema = z.string();
export type LogLine = z.infer<typeof logLineSchema>;

/** Every line sent so far (`backlog`), on subscribe. // antimony.md § Lab Log Streaming, § Node Log Streaming */
export const logBacklogSchema = z.array(z.string());
export type LogBacklog = z.infer<typeof logBacklogSchema>;
