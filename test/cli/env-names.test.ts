import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { ENV_NAMES } from "../../conformance/options.js";
import { Measurements } from "../../scenarios/engine/measurements.js";
import { buildReport } from "../../scenarios/engine/report.js";
import { registerConformance } from "../../src/cli/conformance.js";
import { flagEnvName } from "../../src/cli/parse.js";
import { runVolley } from "./cli-output.js";

describe("VOLLEY_* variables", () => {
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

  it("give a required flag (gate's --budgets), and a flag on the command line wins over its variable", async () => {
    const dir = mkdtempSync(join(tmpdir(), "volley-env-"));
    const m = new Measurements();
    m.delivered("ack:echo", 1_000);
    const report = join(dir, "report.json");
    writeFileSync(
      report,
      JSON.stringify(
        buildReport(m, { scenario: "t", target: "", plan: { vus: 1, rate: null, durationSeconds: null } }),
      ),
    );
    const budgets = join(dir, "budgets.json");
    writeFileSync(budgets, JSON.stringify({ metrics: { "ack:echo": { p99: 50 } } }));
    const [gate, serve] = await Promise.all([
      runVolley(["gate", report], { env: { VOLLEY_BUDGETS: budgets } }),
      runVolley(["serve", "--api", "nestmtx", "--list-faults"], { env: { VOLLEY_API: "bogus" } }),
    ]);
    expect(gate.code, gate.output).toBe(0);
    expect(gate.output).toContain("ok: ack:echo.p99 <= 50");
    expect(serve.code, serve.output).toBe(0);
  }, 90_000);
});
