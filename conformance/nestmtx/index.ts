import { z } from "zod";
import { defineSuite } from "../suite.js";

/** Placeholder until the nestmtx checks land: an empty suite, so the registry compiles. */
export const nestmtxSuite = defineSuite({ api: "nestmtx", fixtures: z.object({}), checks: [] });
