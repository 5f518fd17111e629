import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { ENV_NAMES } from "../../conformance/options.js";
import { registerConformance } from "../../src/cli/conformance.js";
import { flagEnvName } from "../../src/cli/parse.js";

describe("VOLLEY_* names", () => {
  it("follow one rule for every command: conformance's own names are what flagEnvName gives its flags", () => {
    const program = new Command();
    registerConformance(program);
    const options = program.commands[0]?.options ?? [];
    const named = options.filter((o) => Object.hasOwn(ENV_NAMES, o.attributeName()));
    expect(named.length).toBeGreaterThan(10);
    for (const o of named) {
      expect(flagEnvName(o.long ?? ""), o.long).toBe(ENV_NAMES[o.attributeName() as keyof typeof ENV_NAMES]);
    }
  });
});
