import { describe } from "vitest";
import { serverOverhead } from "../../bench/server-overhead.js";
import { smokeTest } from "./smoke.js";

describe("bench/server-overhead.ts", () => smokeTest("server-overhead", serverOverhead));
