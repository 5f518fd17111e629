import { z } from "zod";
import { commandNetworkProtocol } from "../../protocols/command-network/index.js";
import type { ApiModule } from "../api-module.js";

export const commandNetworkServer: ApiModule<Record<string, never>> = {
  protocol: commandNetworkProtocol,
  fixtures: z.object({}).strict(),
  faults: [],
  start: () => ({ describe: () => [], close() {} }),
};
