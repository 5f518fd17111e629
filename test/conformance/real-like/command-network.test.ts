import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { commandNetworkSuite } from "../../../conformance/command-network/index.js";
import { LOST_DURING, type Report } from "../../../conformance/runner/result.js";
import { volley } from "../../reliability/cli-process.js";

const SERVER = "test/conformance/real-like/command-network-server.ts";
/** Registered on the stand-in before the run and not connected: the fixtures' knownClients. */
const KNOWN_CLIENT = "sc-ghost";
// tsx start-up on a busy 2-core machine, not the server, is what this bound is generous about.
const START_MS = 30_000;

const servers = new Set<ChildProcess>();
afterAll(() => {
  for (const s of servers) if (s.exitCode === null && s.signalCode === null) s.kill("SIGKILL");
});

/** Starts the stand-in in its own process (it crashes the whole process, like the real one); resolves its URL. */
function startStandIn(): Promise<{ url: string; stderr: () => string; exit: Promise<number | null> }> {
  const child = spawn("node", ["--import", "tsx", SERVER, KNOWN_CLIENT], { stdio: ["ignore", "pipe", "pipe"] });
  servers.add(child);
  let err = "";
  child.stderr?.on("data", (d: Buffer) => {
    err += d.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no port within ${START_MS} ms: ${err}`)), START_MS);
    let out = "";
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const url = /listening (http:\S+)/.exec(out)?.[1];
      if (url === undefined) return;
      clearTimeout(timer);
      resolve({ url, stderr: () => err, exit });
    });
  });
}

const ids = (report: Report, status: string) => report.results.filter((r) => r.status === status).map((r) => r.id);

it("against a socket-central-server stand-in, fails the broadcast and bad-target checks, then exits 2 on the crash it caused", async () => {
  const dir = mkdtempSync(join(tmpdir(), "volley-real-like-cn-"));
  const fixtures = join(dir, "fixtures.json");
  writeFileSync(fixtures, JSON.stringify({ knownClients: [KNOWN_CLIENT] }));
  const standIn = await startStandIn();
  const started = Date.now();
  const run = volley([
    ...["conformance", "--api", "command-network", "--target", standIn.url, "--fixtures", fixtures],
    ...["--seed", "1", "--runs", "5", "--timeout", "1000", "--silence", "150", "--deadline", "10000"],
    ...["--json", join(dir, "report.json"), "--replay-dir", dir],
  ]);

  // The run's own bounds: about 30 quick checks, bad-target's 10 s deadline and the 3 s restart grace of the probe.
  expect(await run.exit(60_000)).toBe(2);
  expect(Date.now() - started).toBeLessThan(45_000);
  // The server died of the documented defect, not of anything else the suite sent.
  expect(await standIn.exit).not.toBe(0);
  expect(standIn.stderr()).toContain("TypeError: names.forEach is not a function");

  const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as Report;
  expect(report.sioVersion).toBe(2);
  // Every check has one result: 29 passes, the two departures, and the three never run once the server was gone.
  expect(report.results).toHaveLength(commandNetworkSuite.checks.length);
  expect(report.counts).toMatchObject({ pass: 29, fail: 2, error: 3, skip: 0 });
  expect(ids(report, "fail")).toEqual([
    // socket.broadcast.emit reaches connections that never registered (DECISIONS.md D1).
    "command-network.command.broadcast-skips-unregistered",
    "command-network.command.bad-target",
  ]);
  expect(ids(report, "error")).toEqual([
    "command-network.command.bad-payload",
    "command-network.connection.unknown-event",
    "command-network.model.sequences",
  ]);
  // Every must check the real server satisfies passed before the crash.
  const mustBeforeCrash = report.results.slice(0, -4).filter((r) => r.level === "must");
  expect(mustBeforeCrash.every((r) => r.status === "pass")).toBe(true);

  const crash = report.results.find((r) => r.id === "command-network.command.bad-target");
  expect(crash?.reason).toMatch(new RegExp(`^${LOST_DURING}: cannot reach .*ECONNREFUSED`));
  expect(crash?.failure?.title).toMatch(/^the server stopped serving other clients after command with target /);
  // Shrinking stops once the target is gone, so the counterexample is the input that crashed it, not whatever
  // smallest input also "fails" against a dead server: replayed on a fresh stand-in, it crashes that one too.
  const fresh = await startStandIn();
  const replay = volley(["replay", join(dir, "command-network.command.bad-target.replay.json"), "--target", fresh.url]);
  await replay.exit(30_000);
  expect(await fresh.exit).not.toBe(0);
  expect(fresh.stderr()).toContain("TypeError: names.forEach is not a function");
  expect(report.targetLost).toContain("ECONNREFUSED");

  expect(run.stderr()).toContain(
    "command-network.command.bad-target failed, then the target was gone (its input may have crashed the server); " +
      "the 3 not run after it are errors, not verdicts",
  );
  expect(run.stderr()).toMatch(/\nERROR \(2 should-level failure\(s\) not gating; --strict gates them\)\n/);
}, 90_000);
