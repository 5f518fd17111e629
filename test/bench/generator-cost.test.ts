import { describe } from "vitest";
import { generatorCost } from "../../bench/generator-cost.js";
import { smokeTest } from "./smoke.js";

describe("bench/generator-cost.ts", () => smokeTest("generator-cost", generatorCost));
