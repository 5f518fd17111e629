import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
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
      { cwd, timeout: 15_000, env: { ...process.env, ...env } },
      (err, stdout, stderr) => {
        done({ code: err === null ? 0 : typeof err.code === "number" ? err.code : -1, stdout, stderr, cwd });
      },
    );
  });
}

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

describe("volley conformance", () => {
  it("exits 0 when every check passes, masking the token it was given", async () => {
    const r = await volley([...common(await toy({ version: 4 })), "--token", TOY_TOKEN, "--json", "-"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("PASS");
    expect(r.stderr).not.toContain(TOY_TOKEN);
    expect(JSON.parse(r.stdout)).toMatchObject({ exitCode: 0, counts: { pass: 5 } });
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

  it("exits 2 with a clear message when nothing listens at the target", async () => {
    const server = await startToyServer({ version: 4 });
    await server.close();
    const r = await volley(common(server.url));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`volley: cannot reach ${server.url}`);
  });

  it("lists a suite's checks with level and document section, without a target", async () => {
    const r = await volley(["conformance", "--api", "command-network", "--suite", suite, "--list"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split("\n")).toHaveLength(5);
    expect(r.stdout).toMatch(/^command-network\.toy\.echo +must +toy\.md § echo$/m);
  });

  it("exits 2 on a usage mistake, naming it", async () => {
    const r = await volley(["conformance", "--target", "http://127.0.0.1:1"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--api is required");
  });
});
