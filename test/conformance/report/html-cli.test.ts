import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startToyServer, TOY_TOKEN } from "../toy-server.js";

const root = resolve(import.meta.dirname, "../../..");
let server: { url: string; close(): Promise<void> };
beforeAll(async () => {
  server = await startToyServer({ version: 4, faulty: true });
});
afterAll(() => server.close());

describe("volley conformance --html", () => {
  it("writes the HTML report beside the summary: the failure, its replay line and the section of every check", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "volley-conformance-html-"));
    const args = [
      ...["conformance", "--api", "command-network", "--target", server.url],
      ...["--suite", join(root, "test/conformance/toy-suite.ts"), "--seed", "42", "--timeout", "300"],
      ...["--checks", "command-network.toy.add,command-network.toy.hello", "--html", "out/report.html"],
    ];
    const code = await new Promise<number>((done) =>
      execFile(
        process.execPath,
        [join(root, "bin/volley.js"), ...args],
        { cwd, timeout: 30_000, env: { ...process.env, VOLLEY_TOKEN: TOY_TOKEN } },
        (err) => done(err === null ? 0 : Number(err.code)),
      ),
    );
    expect(code).toBe(1);
    const html = readFileSync(join(cwd, "out/report.html"), "utf8");
    expect(html).toContain('<div class="banner fail" id="verdict">FAIL');
    expect(html).toContain('id="fail-command-network.toy.add"');
    expect(html).toContain(
      `volley replay reports/conformance/command-network.toy.add.replay.json --target ${server.url}`,
    );
    // The toy suite cites toy.md, which is not a seed document: sections keep the order the suite ran them in.
    expect(html.indexOf("<h3>add ")).toBeLessThan(html.indexOf("<h3>hello "));
  }, 60_000);
});
