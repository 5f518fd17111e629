import { type ChildProcess, spawn } from "node:child_process";

/** How long a server in a child process (tsx compiles it first: seconds on a busy 2-core machine) has to listen. */
const START_MS = 30_000;

export interface ChildServer {
  readonly url: string;
  readonly child: ChildProcess;
  /** What the child wrote to stderr so far (a crashing server's stack). */
  readonly stderr: () => string;
  /** Settles with the exit code once the child ends (null when killed by a signal). */
  readonly exit: Promise<number | null>;
}

/**
 * Starts a test server in its own process, for servers that take the whole process down when they crash; resolves
 * once it prints `listening <url>` on stdout. Kill `child` when done.
 */
export function startChildServer(command: string, args: readonly string[]): Promise<ChildServer> {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
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
      resolve({ url, child, stderr: () => err, exit });
    });
  });
}
