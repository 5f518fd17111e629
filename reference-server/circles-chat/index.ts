import { z } from "zod";
import { circlesChatProtocol } from "../../protocols/circles-chat/index.js";
import type { ApiModule } from "../api-module.js";

export const circlesChatServer: ApiModule<Record<string, never>> = {
  protocol: circlesChatProtocol,
  fixtures: z.object({}).strict(),
  faults: [],
  start: () => ({ describe: () => [], close() {} }),
};
