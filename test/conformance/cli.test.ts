import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { conformance } from "../../src/cli/conformance.js";
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
    expect(text.trim().split("\n")).toHaveLength(5);
    expect(text).toMatch(/^command-network\.toy\.echo +must +toy\.md § echo$/m);
  });
});
