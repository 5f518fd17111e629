import { describe } from "vitest";
import { connections } from "../../bench/connections.js";
import { smokeTest } from "./smoke.js";

describe("bench/connections.ts", () => smokeTest("connections", connections));
