import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it, onTestFinished } from "vitest";
import { z } from "zod";
import { defineSuite, runProperty } from "../../../conformance/index.js";
import { runSuite } from "../../../conformance/runner/run-suite.js";
import { volley } from "../../reliability/cli-process.js";
import { selfSignedCertificate } from "../../support/tls.js";
import { startToyServer, TOY_TOKEN, toyServersPerTest } from "../toy-server.js";

const toy = toyServersPerTest();

const cert = selfSignedCertificate();
const caFile = join(mkdtempSync(join(tmpdir(), "volley-ca-")), "ca.pem");
writeFileSync(caFile, cert.cert);

/**
 * `volley conformance` with the toy suite against `target`: its exit code, stderr, and the time from its first line
 * of output to its exit. That leaves out the child's start (tsx compiling the CLI), which on this shared 2-core
 * machine alone can take 5 s and says nothing about how fast a target is diagnosed.
 */
async function conformance(target: string, extra: readonly string[] = []) {
  const job = volley([
    "conformance",
    "--api",
    "command-network",
    "--suite",
    "test/conformance/toy-suite.ts",
    "--target",
    target,
    "--token",
    TOY_TOKEN,
    "--seed",
    "1",
    "--runs",
    "5",
    "--timeout",
    "1000",
    ...extra,
  ]);
  const firstLine = job.waitFor(/./, 30_000).then(() => Date.now());
  const code = await job.exit(30_000);
  return { code, stderr: job.stderr(), ms: Date.now() - (await firstLine) };
}

/** The lines the CLI printed as `volley: ...`: a connection problem is exactly one, and no check ran. */
function problemLines(stderr: string): string[] {
  expect(stderr).not.toMatch(/FAIL|PASS/);
  return stderr.split("\n").filter((line) => line.startsWith("volley: "));
}

// Each run starts a child process that compiles the CLI with tsx: seconds on a busy 2-core machine.
describe("volley conformance against an HTTPS target with a self-signed certificate", { timeout: 60_000 }, () => {
  it.each([2, 4] as const)(
    "Socket.IO %i: exit 2 with one line naming the TLS cause and the way out",
    async (version) => {
      const run = await conformance(await toy({ version, tls: cert }));
      expect(run.code).toBe(2);
      const lines = problemLines(run.stderr);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/DEPTH_ZERO_SELF_SIGNED_CERT.*--ca <file>, or --insecure/);
    },
  );

  it.each([2, 4] as const)("Socket.IO %i: with --ca the checks run over WSS and pass", async (version) => {
    const run = await conformance(await toy({ version, tls: cert }), ["--ca", caFile]);
    expect(run.stderr).toContain(`sio=auto`);
    expect(run.stderr).toMatch(/PASS/);
    expect(run.code).toBe(0);
  });

  it.each([2, 4] as const)("Socket.IO %i: with --insecure the checks run over WSS and pass", async (version) => {
    const run = await conformance(await toy({ version, tls: cert }), ["--insecure"]);
    expect(run.stderr).toContain("tls: --insecure");
    expect(run.stderr).toMatch(/PASS/);
    expect(run.code).toBe(0);
  });
});

describe("volley conformance against a target it cannot test", { timeout: 60_000 }, () => {
  it("refuses --sio-version 4 on a Socket.IO 2 server: exit 2, one line", async () => {
    const run = await conformance(await toy({ version: 2 }), ["--sio-version", "4"]);
    expect(run.code).toBe(2);
    expect(problemLines(run.stderr)).toEqual([
      expect.stringContaining(
        "--sio-version 4 does not fit: the server speaks Socket.IO 2 (Engine.IO 3); drop --sio-version or use 2",
      ),
    ]);
  });

  it("exits 2 in under 5 s with one line for a closed port", async () => {
    const server = await startToyServer({ version: 4 });
    await server.close();
    const run = await conformance(server.url);
    expect(run.code).toBe(2);
    expect(problemLines(run.stderr)).toEqual([expect.stringContaining("connection refused (ECONNREFUSED)")]);
    // The cause is the whole message: the flags were not the mistake, so no "see volley ... --help".
    expect(run.stderr).not.toContain("--help");
    expect(run.ms).toBeLessThan(5_000);
  });

  it("exits 2 in under 5 s with one line saying what a plain HTTP server answered", async () => {
    const http: Server = createServer((_req, res) => res.writeHead(404, { "content-type": "text/html" }).end("no"));
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    onTestFinished(() => new Promise<void>((resolve) => http.close(() => resolve())));
    const run = await conformance(`http://127.0.0.1:${(http.address() as { port: number }).port}`);
    expect(run.code).toBe(2);
    expect(problemLines(run.stderr)).toEqual([expect.stringContaining("is not a Socket.IO server")]);
    expect(problemLines(run.stderr)[0]).toContain("HTTP 404 text/html");
    expect(run.ms).toBeLessThan(5_000);
  });

  it("exits 2 in under 5 s with one line for a URL that is not http(s)", async () => {
    const run = await conformance("htp:/x");
    expect(run.code).toBe(2);
    expect(problemLines(run.stderr)).toEqual([expect.stringContaining("not an http(s) URL")]);
    expect(run.ms).toBeLessThan(5_000);
  });
});

describe("a connection that a property check cannot open", () => {
  it("is an error of the run (exit 2), not a failure with a shrunk counterexample", async () => {
    const suite = defineSuite({
      api: "command-network",
      fixtures: z.object({}),
      checks: [
        {
          id: "command-network.toy.needs-private",
          level: "must",
          doc: { file: "toy.md", section: "private" },
          title: "connects to /private for every input",
          run: (ctx) =>
            runProperty(ctx, fc.integer(), async () => {
              await ctx.clients.connect({ namespace: "/private", auth: { token: "wrong" } });
            }),
        },
      ],
    });
    const run = await runSuite(suite, {
      api: "command-network",
      target: await toy({ version: 4 }),
      credentials: {},
      fixtures: {},
      seed: 1,
      runs: 5,
      timeoutMs: 1_000,
      silenceMs: 100,
      deadlineMs: 10_000,
      checks: [],
      expectations: { expectedFailures: {} },
      sioVersion: "auto",
      strict: false,
    });
    expect(run.ok && run.value.results[0]).toMatchObject({
      status: "error",
      reason: "cannot connect to /private: refused: Unauthorized",
    });
    expect(run.ok && run.value.exitCode).toBe(2);
  });
});
