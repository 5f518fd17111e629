import { describe } from "vitest";
import { accuracy } from "../../bench/accuracy.js";
import { smokeTest } from "./smoke.js";

describe("bench/accuracy.ts", () => smokeTest("accuracy", accuracy));
