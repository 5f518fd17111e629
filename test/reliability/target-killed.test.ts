import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadReportSchema } from "../../scenarios/engine/report.js";
import { serveInChild, socketsOn, volley } from "./cli-process.js";
import { outcomeTotal, until } from "./until.js";

// Both runs start a tsx process on a machine that may be busy with other suites: start-up, not the runs, is what
// these deadlines are generous about. The runs' own bounds are the per-ack and per-reply timeouts.
const START_MS = 40_000;

describe.concurrent("when the target is killed mid-run", () => {
  it("volley load finishes, exits 2 naming the lost connection, and every planned message is accounted once", async () => {
    const dir = mkdtempSync(join(tmpdir(), "volley-killed-load-"));
    const server = await serveInChild("command-network");
    // 4 users x 10 acked commands a second x 6 s = 240 planned commands, each delivered, errored or timed out.
    const load = volley([
      ...["load", "command-network-request", "--target", server.url, "--vus", "4", "--rate", "40"],
      ...["--duration", "6", "--report", dir],
    ]);
    await until(async () => (await socketsOn(server.url)) >= 4, START_MS);
    // A progress line with a non-zero rate: commands are flowing (registration alone shows 0.0 msg/s).
    await load.waitFor(/\]\s+[1-9][\d.]* msg\/s/, START_MS);
    server.child.kill("SIGKILL");

    const code = await load.exit(30_000);
    expect(load.stderr()).toMatch(/volley: lost the connection to http:\/\/127\.0\.0\.1:\d+ \(connections dropped: /);
    expect(code).toBe(2);
    const report = loadReportSchema.parse(JSON.parse(readFileSync(join(dir, "report.json"), "utf8")));
    expect(report.metrics.connect?.outcomes.delivered).toBe(4);
    expect(outcomeTotal(report.metrics.disconnect)).toBe(4);
    const command = report.metrics.command;
    expect(outcomeTotal(command)).toBe(240);
    expect(command?.outcomes.delivered).toBeGreaterThan(0);
    expect(command?.errors.disconnected).toBeGreaterThan(0);
  }, 90_000);

  it("volley conformance finishes, exits 2 with TARGET LOST, and every selected check has exactly one result", async () => {
    const dir = mkdtempSync(join(tmpdir(), "volley-killed-conformance-"));
    const server = await serveInChild("command-network");
    const run = volley([
      ...["conformance", "--api", "command-network", "--target", server.url, "--timeout", "1000"],
      ...["--json", join(dir, "report.json"), "--replay-dir", dir],
    ]);
    const [, total] = await run.waitFor(/\[3\/(\d+)\]/, START_MS);
    server.child.kill("SIGKILL");

    const code = await run.exit(30_000);
    expect(run.stderr()).toMatch(
      /TARGET LOST: cannot reach http:\/\/127\.0\.0\.1:\d+: connection refused \(ECONNREFUSED\)/,
    );
    expect(code).toBe(2);
    const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as {
      results: { classification: string; reason?: string }[];
      counts: Record<string, number>;
      targetLost?: string;
    };
    expect(report.results).toHaveLength(Number(total));
    expect(Object.values(report.counts).reduce((a, b) => a + b, 0)).toBe(Number(total));
    expect(report.targetLost).toMatch(/: connection refused \(ECONNREFUSED\)$/);
    expect(report.results.at(-1)?.reason).toMatch(/^not run: the target went away earlier/);
  }, 90_000);
});
