import { describe, expect, it } from "vitest";
import type { ApiName } from "../../protocols/protocol.js";
import { startTestApi } from "../support/server.js";
import { runUntilReady, runVolley } from "./cli-output.js";

/** The `$ volley ...` lines of a command's `--help`, as argument lists. */
async function examples(command: string): Promise<string[][]> {
  const help = await runVolley([command, "--help"]);
  expect(help.code).toBe(0);
  const lines = [...help.output.matchAll(/^ {2}\$ volley (.+)$/gm)].map((m) => (m[1] as string).split(" "));
  expect(lines.length, `volley ${command} --help has examples`).toBeGreaterThan(0);
  return lines;
}

/** Which API a scenario (named `<api>-<workload>`) is written for. */
const apiOf = (scenario: string) =>
  (["command-network", "nestmtx", "neoruntime", "circles-chat", "antimony"] as const).find((a) =>
    scenario.startsWith(`${a}-`),
  ) as ApiName;

/**
 * Every example in `--help` runs as printed against `volley serve` on its default ports. Here the servers are on free
 * ports instead: serve and start get VOLLEY_PORT=0, load gets VOLLEY_TARGET, a URL in an example is swapped for
 * the test server's. "Runs" means it is not refused: exit 0, or 1 for a budget or check verdict, never 2.
 */
describe("the examples in --help", { timeout: 300_000 }, () => {
  it("serve and start: each starts (or lists) and stops on Ctrl-C with exit 0", async () => {
    const runs = [...(await examples("serve")), ...(await examples("start"))].map((args) =>
      args.includes("--list-faults") ? runVolley(args) : runUntilReady(args, /Ctrl-C to stop/, { VOLLEY_PORT: "0" }),
    );
    for (const run of await Promise.all(runs)) expect(run.code, run.output).toBe(0);
  });

  it("conformance, load and gate: each runs, one after another (gate reads the load example's report)", async () => {
    const servers = new Map<ApiName, string>();
    const urlOf = async (api: ApiName) => {
      if (!servers.has(api)) servers.set(api, (await startTestApi(api)).url);
      return servers.get(api) as string;
    };
    for (const args of await examples("conformance")) {
      const api = args[args.indexOf("--api") + 1] as ApiName;
      const url = await urlOf(api);
      const run = await runVolley(args.map((a) => (a.startsWith("http://127.0.0.1:") ? url : a)));
      expect([0, 1], `volley ${args.join(" ")}:\n${run.output}`).toContain(run.code);
    }
    for (const command of ["load", "gate"]) {
      for (const args of await examples(command)) {
        const scenario = args[1] as string;
        const env: Record<string, string> = command === "load" ? { VOLLEY_TARGET: await urlOf(apiOf(scenario)) } : {};
        const run = await runVolley(args, { env });
        expect([0, 1], `volley ${args.join(" ")}:\n${run.output}`).toContain(run.code);
      }
    }
  });
});
