import { z } from "zod";
import { neoruntimeProtocol } from "../../protocols/neoruntime/index.js";
import type { ApiModule } from "../api-module.js";

export const neoruntimeServer: ApiModule<Record<string, never>> = {
  protocol: neoruntimeProtocol,
  fixtures: z.object({}).strict(),
  faults: [],
  start: () => ({ describe: () => [], close() {} }),
};
