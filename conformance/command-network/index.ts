import { z } from "zod";
import { defineSuite } from "../suite.js";

/** Placeholder until the command-network checks land: an empty suite, so the registry compiles. */
export const commandNetworkSuite = defineSuite({ api: "command-network", fixtures: z.object({}), checks: [] });
