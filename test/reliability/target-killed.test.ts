import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
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

/** A loopback port where nothing listens (bound once, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("when the target is unreachable at the start", () => {
  it("volley conformance exits 2 with the one-line cause and still writes --json and --junit, every check not run", async () => {
    const dir = mkdtempSync(join(tmpdir(), "volley-unreachable-"));
    const target = `http://127.0.0.1:${await closedPort()}`;
    const json = join(dir, "report.json");
    const junit = join(dir, "report.xml");
    const run = volley([
      ...["conformance", "--api", "command-network", "--target", target, "--checks", "command-network.register"],
      ...["--json", json, "--junit", junit],
    ]);
    expect(await run.exit(START_MS)).toBe(2);
    expect(run.stderr()).toContain(`volley: cannot reach ${target}: connection refused (ECONNREFUSED)`);
    const report = JSON.parse(readFileSync(json, "utf8")) as {
      exitCode: number;
      targetLost?: string;
      results: { classification: string; reason?: string }[];
    };
    expect(report.exitCode).toBe(2);
    expect(report.targetLost).toBe(`cannot reach ${target}: connection refused (ECONNREFUSED)`);
    expect(report.results.length).toBeGreaterThan(0);
    for (const r of report.results) {
      expect(r.classification).toBe("error");
      expect(r.reason).toBe(`not run: the target could not be reached (${report.targetLost})`);
    }
    expect(existsSync(junit)).toBe(true);
    expect(readFileSync(junit, "utf8")).toContain(`tests="${report.results.length}"`);
  }, 60_000);
});
