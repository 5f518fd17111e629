import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { embeddedLoadRuns } from "../../src/embedded/load-runs.js";

const scenarios = resolve(import.meta.dirname, "../../scenarios");

describe("the main job's load runs", () => {
  it("cover every scenario in scenarios/, so `npm start` forgets none", () => {
    const files = readdirSync(scenarios)
      .filter((f) => f.endsWith(".yml"))
      .map((f) => f.slice(0, -".yml".length));
    expect(embeddedLoadRuns.map((r) => r.scenario).sort()).toEqual(files.sort());
  });

  it.each(embeddedLoadRuns.map((r) => r.scenario))("gate %s on its own budgets file", (scenario) => {
    expect(existsSync(join(scenarios, `${scenario}.budgets.json`))).toBe(true);
  });
});
