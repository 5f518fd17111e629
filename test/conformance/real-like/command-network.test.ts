import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { commandNetworkSuite } from "../../../conformance/command-network/index.js";
import { LOST_DURING, type Report } from "../../../conformance/runner/result.js";
import { volley } from "../../reliability/cli-process.js";
import { type ChildServer, startChildServer } from "../../support/child-server.js";

const SERVER = "test/conformance/real-like/command-network-server.ts";
/** Registered on the stand-in before the run and not connected: the fixtures' knownClients. */
const KNOWN_CLIENT = "sc-ghost";

const servers = new Set<ChildProcess>();
afterAll(() => {
  for (const s of servers) if (s.exitCode === null && s.signalCode === null) s.kill("SIGKILL");
});

/** Starts the stand-in in its own process (it crashes the whole process, like the real one); resolves its URL. */
async function startStandIn(): Promise<ChildServer> {
  const standIn = await startChildServer("node", ["--import", "tsx", SERVER, KNOWN_CLIENT]);
  servers.add(standIn.child);
  return standIn;
}

const ids = (report: Report, status: string) => report.results.filter((r) => r.status === status).map((r) => r.id);
const hostile = new Set(commandNetworkSuite.checks.filter((c) => c.hostile === true).map((c) => c.id));

it("against a socket-central-server stand-in, measures every documented behaviour before the hostile checks, fails only D1 and the crash, then exits 2", async () => {
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

  // The run's own bounds: about 40 quick checks, a hostile check's 10 s deadline and the probe's 3 s restart grace.
  expect(await run.exit(60_000)).toBe(2);
  expect(Date.now() - started).toBeLessThan(45_000);
  // The server died of one of its two known defects (a null register payload, a target of another type).
  expect(await standIn.exit).not.toBe(0);
  expect(standIn.stderr()).toMatch(/TypeError: (names\.forEach is not a function|Cannot read properties of null)/);

  const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as Report;
  expect(report.sioVersion).toBe(2);
  expect(report.results).toHaveLength(commandNetworkSuite.checks.length);
  // Every check that sends only documented input ran before the hostile ones, and every must check passed: no false
  // failure. The one should failure is the real server's departure: socket.broadcast.emit reaches connections that
  // never registered (DECISIONS.md D1).
  const documented = report.results.filter((r) => !hostile.has(r.id));
  expect(report.results.slice(0, documented.length).map((r) => r.id)).toEqual(documented.map((r) => r.id));
  expect(documented.filter((r) => r.level === "must" && r.status !== "pass")).toEqual([]);
  expect(documented.filter((r) => r.status !== "pass").map((r) => r.id)).toEqual([
    "command-network.command.broadcast-skips-unregistered",
  ]);

  // The first hostile check that failed took the server down, with the input that crashed it; the rest did not run.
  const crashAt = report.results.findIndex((r) => hostile.has(r.id) && r.status === "fail");
  const crash = report.results[crashAt];
  expect(crash?.reason).toMatch(new RegExp(`^${LOST_DURING}: cannot reach .*ECONNREFUSED`));
  expect(crash?.failure?.title).toMatch(/^the server stopped serving other clients after (register|command) with /);
  expect(ids(report, "error")).toEqual(report.results.slice(crashAt + 1).map((r) => r.id));
  expect(report.targetLost).toContain("ECONNREFUSED");
  // Shrinking stops once the target is gone, so the counterexample is the input that crashed it, not whatever
  // smallest input also "fails" against a dead server: replayed on a fresh stand-in, it crashes that one too.
  const fresh = await startStandIn();
  const replay = volley(["replay", join(dir, `${crash?.id}.replay.json`), "--target", fresh.url]);
  await replay.exit(30_000);
  expect(await fresh.exit).not.toBe(0);
  expect(fresh.stderr()).toMatch(/TypeError/);
  expect(run.stderr()).toContain(
    `${crash?.id} failed, then the target was gone (its input may have crashed the server)`,
  );
}, 90_000);
