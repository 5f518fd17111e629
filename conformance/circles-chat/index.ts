import { z } from "zod";
import { defineSuite } from "../suite.js";

/** Placeholder until the circles-chat checks land: an empty suite, so the registry compiles. */
export const circlesChatSuite = defineSuite({ api: "circles-chat", fixtures: z.object({}), checks: [] });
