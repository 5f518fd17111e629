import { type ChildProcess, spawn } from "node:child_process";
import { afterAll } from "vitest";

/** A `volley` child process whose output is collected as it comes; killed after the test if still running. */
export interface VolleyProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when `pattern` appears in stdout or stderr; fails after `ms`. */
  waitFor(pattern: RegExp, ms: number): Promise<RegExpMatchArray>;
  /** The exit code (a signal counts as -1); fails after `ms`: a hung run fails the test instead of hanging it. */
  exit(ms: number): Promise<number>;
}

// After the whole file, not each test: tests here run concurrently, and one ending must not kill another's children.
const children = new Set<ChildProcess>();
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  children.clear();
});

/** `env` is added to this process's environment (VOLLEY_* variables). */
export function volley(args: readonly string[], env: NodeJS.ProcessEnv = {}): VolleyProcess {
  const child = spawn("node", ["bin/volley.js", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  children.add(child);
  let out = "";
  let err = "";
  const waiters = new Set<() => void>();
  const changed = () => {
    for (const w of waiters) w();
  };
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
    changed();
  });
  child.stderr?.on("data", (d: Buffer) => {
    err += d.toString();
    changed();
  });
  const exited = new Promise<number>((resolve) => child.once("exit", (code) => resolve(code ?? -1)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitFor(pattern, ms) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = out.match(pattern) ?? err.match(pattern);
          if (m === null) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(m);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${pattern} within ${ms} ms; stderr:\n${err.slice(-2000)}`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
    exit(ms) {
      return Promise.race([
        exited,
        new Promise<number>((_, reject) =>
          setTimeout(() => reject(new Error(`still running after ${ms} ms; stderr:\n${err.slice(-2000)}`)), ms),
        ),
      ]);
    },
  };
}

/** `volley serve --api <api> --port 0` in its own process, so that it can really be killed; resolves with its URL. */
export async function serveInChild(
  api: string,
  extra: readonly string[] = [],
): Promise<VolleyProcess & { url: string }> {
  const server = volley(["serve", "--api", api, "--port", "0", ...extra]);
  const [url] = await server.waitFor(/http:\/\/127\.0\.0\.1:\d+/, 30_000);
  return Object.assign(server, { url });
}

/** The number of Socket.IO clients the server holds, from its /healthz. */
export async function socketsOn(url: string): Promise<number> {
  const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
  return ((await res.json()) as { sockets: number }).sockets;
}
