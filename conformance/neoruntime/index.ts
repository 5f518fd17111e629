import { z } from "zod";
import { defineSuite } from "../suite.js";

/** Placeholder until the neoruntime checks land: an empty suite, so the registry compiles. */
export const neoruntimeSuite = defineSuite({ api: "neoruntime", fixtures: z.object({}), checks: [] });
