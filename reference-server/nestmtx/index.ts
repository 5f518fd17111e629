import { z } from "zod";
import { nestmtxProtocol } from "../../protocols/nestmtx/index.js";
import type { ApiModule } from "../api-module.js";

export const nestmtxServer: ApiModule<Record<string, never>> = {
  protocol: nestmtxProtocol,
  fixtures: z.object({}).strict(),
  faults: [],
  start: () => ({ describe: () => [], close() {} }),
};
