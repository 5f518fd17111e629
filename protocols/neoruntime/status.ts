import { z } from "zod";

/** "None" when no script is selected (neoruntime.md § NeoRuntime/status, "Return/status"). */
export const NO_SCRIPT = "None";

// neoruntime.md § NeoRuntime/status, "Return/status".
export const runtimeStatusSchema = z.object({
  /** "None" or the current script; the reference server gives its path, `local/example` (DECISIONS.md D11). */
  currentScript: z.string(),
  scriptIsExited: z.boolean(),
  /** Seconds (DECISIONS.md D12). */
  uptime: z.number().nonnegative(),
});
export type RuntimeStatus = z.infer<typeof runtimeStatusSchema>;
