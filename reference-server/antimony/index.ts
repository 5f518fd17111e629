import { z } from "zod";
import { antimonyProtocol } from "../../protocols/antimony/index.js";
import type { ApiModule } from "../api-module.js";

export const antimonyServer: ApiModule<Record<string, never>> = {
  protocol: antimonyProtocol,
  fixtures: z.object({}).strict(),
  faults: [],
  start: () => ({ describe: () => [], close() {} }),
};
