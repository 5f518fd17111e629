import { z } from "zod";
import { defineSuite } from "../suite.js";

/** Placeholder until the antimony checks land: an empty suite, so the registry compiles. */
export const antimonySuite = defineSuite({ api: "antimony", fixtures: z.object({}), checks: [] });
