import type { Check } from "../index.js";
import type { CommandNetworkFixtures } from "./fixtures.js";

/** A check of this suite: its context carries the command network's fixtures. */
export type NetCheck = Check<CommandNetworkFixtures>;
