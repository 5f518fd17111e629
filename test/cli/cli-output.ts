import { execFile, spawn } from "node:child_process";
import { createServer, type Server } from "node:net";

export interface CliRun {
  readonly code: number;
  /** stdout then stderr, with the changing parts replaced: `<dir>` for the test's directory, `<port>` for ports. */
  readonly output: string;
}

/** Runs `volley` to its end (at most 80 s: a hung command fails the test) and returns what a snapshot compares. */
export function runVolley(
  args: readonly string[],
  opts: { env?: Record<string, string>; dir?: string } = {},
): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      "node",
      ["bin/volley.js", ...args],
      { timeout: 80_000, env: { ...process.env, ...opts.env } },
      (err, stdout, stderr) => {
        let output = `${stdout}${stderr}`;
        if (opts.dir !== undefined) output = output.replaceAll(opts.dir, "<dir>");
        output = output.replace(/(127\.0\.0\.1:)\d+/g, "$1<port>");
        // Killed (the timeout): -1, never mistaken for a clean exit.
        resolve({ code: err === null ? 0 : typeof err.code === "number" ? err.code : -1, output });
      },
    );
  });
}

/**
 * A TCP listener on loopback that only counts the connections it is offered: a target for runs that must stop
 * before they connect to anything.
 */
export async function countingTarget(): Promise<{ url: string; port: number; connections(): number; close(): void }> {
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    connections: () => connections,
    close: () => server.close(),
  };
}

/**
 * Starts a long-running `volley` command (serve, start --serve), waits until it prints `ready`, stops it with
 * Ctrl-C and resolves with its exit code; -1 when it never got ready or never stopped within `ms`.
 */
export function runUntilReady(
  args: readonly string[],
  ready: RegExp,
  env: Record<string, string>,
  ms = 80_000,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("node", ["bin/volley.js", ...args], { env: { ...process.env, ...env } });
    let output = "";
    let stopped = false;
    const timer = setTimeout(() => child.kill("SIGKILL"), ms);
    const seen = (d: Buffer) => {
      output += d.toString();
      // Once: a second Ctrl-C is a person insisting, and ends the process by the signal.
      if (stopped || !ready.test(output)) return;
      stopped = true;
      child.kill("SIGINT");
    };
    child.stdout.on("data", seen);
    child.stderr.on("data", seen);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, output });
    });
  });
}
