import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { conformance } from "../../src/cli/conformance.js";
import { crashServerCommand, startCrashServer } from "./toy-crash-server.js";
import { startToyServer, TOY_TOKEN, type ToyServerSettings } from "./toy-server.js";

const root = resolve(import.meta.dirname, "../..");
const suite = join(root, "test/conformance/toy-suite.ts");
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function toy(settings: ToyServerSettings): Promise<string> {
  const server = await startToyServer(settings);
  servers.push(server);
  return server.url;
}

/** Runs `volley <args>` in a fresh directory; the child gets a deadline so a hang fails the test. */
function volley(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stderr: string; stdout: string; cwd: string }> {
  const cwd = mkdtempSync(join(tmpdir(), "volley-cli-"));
  return new Promise((done) => {
    execFile(
      process.execPath,
      [join(root, "bin/volley.js"), ...args],
      { cwd, timeout: 30_000, env: { ...process.env, ...env } },
      (err, stdout, stderr) => {
        done({ code: err === null ? 0 : typeof err.code === "number" ? err.code : -1, stdout, stderr, cwd });
      },
    );
  });
}

/** Replaces what changes from run to run (the target's URL, durations, temp directories) with placeholders. */
const stable = (text: string, url: string) =>
  text
    .replaceAll(url, "<target>")
    .replace(/\d+ ms/g, "<n> ms")
    .replaceAll(root, "<root>");

const common = (target: string) => [
  "conformance",
  "--api",
  "command-network",
  "--target",
  target,
  "--suite",
  suite,
  "--seed",
  "42",
  "--timeout",
  "300",
];

// Each child process starts tsx and compiles the CLI: seconds on a busy 2-core machine, so these tests get room.
describe("volley conformance", { timeout: 60_000 }, () => {
  it("exits 0 when every check passes, masking the token it was given", async () => {
    const r = await volley([...common(await toy({ version: 4 })), "--token", TOY_TOKEN, "--json", "-"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("PASS");
    expect(r.stderr).not.toContain(TOY_TOKEN);
    expect(JSON.parse(r.stdout)).toMatchObject({ exitCode: 0, counts: { pass: 6 }, coverage: { selected: 6, ran: 6 } });
  });

  it("exits 1 on a failing must, writes a replay file that volley replay reproduces, and shows a departure elsewhere", async () => {
    const faulty = await toy({ version: 2, faulty: true });
    const r = await volley([...common(faulty), "--checks", "command-network.toy.add", "--junit", "out.xml"], {
      VOLLEY_TOKEN: TOY_TOKEN,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Reproduce with:");
    expect(readFileSync(join(r.cwd, "out.xml"), "utf8")).toContain('failures="1"');
    const file = join(r.cwd, "reports/conformance/command-network.toy.add.replay.json");
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ failure: { expected: 6, actual: 7 }, seed: 42 });

    const again = await volley(["replay", file, "--target", faulty]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('c1 → add [{"a":6,"b":0}] (ack)');
    expect(again.stderr).toContain("Reproduced: all 4 exchanges match the recording.");

    const fixed = await volley(["replay", file, "--target", await toy({ version: 2 })]);
    expect(fixed.code).toBe(1);
    expect(fixed.stderr).toContain("✗ c1 ← ack add [7]\n    this time: [6]");
  });

  it("exits 1 with INCOMPLETE when a must check is skipped for want of a token, 0 under --allow-skips", async () => {
    const url = await toy({ version: 4 });
    const r = await volley(common(url));
    expect(r.code).toBe(1);
    expect(stable(r.stderr, url)).toMatchSnapshot();
    const allowed = await volley([...common(url), "--allow-skips"]);
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toMatch(
      /\nPASS \(INCOMPLETE, accepted by --allow-skips: 1 must check skipped: no --token given\)\n$/,
    );
    const byEnv = await volley(common(url), { VOLLEY_ALLOW_SKIPS: "1" });
    expect(byEnv.code).toBe(0);
  });

  it("leaves out --exclude'd checks (also from VOLLEY_EXCLUDE) and exits 2 on a selector that picks none", async () => {
    const url = await toy({ version: 4 });
    const r = await volley([...common(url), "--exclude", "command-network.toy.private-hello", "--json", "-"], {
      VOLLEY_TOKEN: TOY_TOKEN,
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).coverage).toMatchObject({
      selected: 5,
      excluded: ["command-network.toy.private-hello"],
    });
    expect(r.stderr).toContain("Summary: 5 of 5 selected checks ran, 1 excluded by --exclude");
    const bad = await volley(common(url), { VOLLEY_EXCLUDE: "command-network.toy.nope" });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/\nvolley: --exclude: no check id is or starts with: command-network\.toy\.nope\b/);
  });

  it("with --restart, brings a target that crashed back between checks and measures every check", async () => {
    const server = await startCrashServer();
    try {
      const crashSuite = join(root, "test/conformance/toy-crash-suite.ts");
      const r = await volley([
        ...["conformance", "--api", "command-network", "--target", server.url, "--suite", crashSuite],
        ...["--seed", "1", "--timeout", "500", "--restart", crashServerCommand(server.port), "--json", "-"],
      ]);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({
        coverage: { selected: 4, ran: 4 },
        restarts: [
          { afterCheck: "command-network.crash.survives-1", ok: true },
          { afterCheck: "command-network.crash.survives-2", ok: true },
        ],
      });
      // The crashed server's own stack trace comes through the restarted command's output: kept out of the snapshot.
      const ours = r.stderr
        .split("\n")
        .filter((l) => !l.startsWith("restart| ") || /^restart\| (the target|listening)/.test(l))
        .join("\n");
      expect(stable(ours, server.url).replaceAll(crashServerCommand(server.port), "<command>")).toMatchSnapshot();
    } finally {
      server.child.kill("SIGKILL");
    }
  });

  it("exits 2 with a clear message when nothing listens at the target", async () => {
    const server = await startToyServer({ version: 4 });
    await server.close();
    const r = await volley(common(server.url));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`volley: cannot reach ${server.url}`);
  });
});

describe("volley conformance --list", () => {
  it("lists a suite's checks with level and document section, without a target", async () => {
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    try {
      expect(await conformance({ api: "command-network", suite, list: true }, {})).toBe(0);
    } finally {
      spy.mockRestore();
    }
    const text = out.join("");
    expect(text.trim().split("\n")).toHaveLength(6);
    expect(text).toMatch(/^command-network\.toy\.echo +must +toy\.md § echo$/m);
  });
});
