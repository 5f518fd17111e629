import { describe } from "vitest";
import { fanOut } from "../../bench/fan-out.js";
import { smokeTest } from "./smoke.js";

describe("bench/fan-out.ts", () => smokeTest("fan-out", fanOut));
