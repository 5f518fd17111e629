import type { ChildProcess } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Server } from "socket.io";
import { startChildServer } from "../support/child-server.js";

const SCRIPT = fileURLToPath(import.meta.url);
/** tsx's loader by absolute URL, so the command works from any working directory (the CLI tests run in a temp one). */
const TSX = import.meta.resolve("tsx");
/** tsx start-up on a busy 2-core machine, not the server, is what this bound is generous about. */

/**
 * A Socket.IO 4 server, run as its own process, that dies of one input like socket-central-server does
 * (REAL-SERVERS.md): `crash` throws in its handler and takes the whole process down. `hello` acks "hi", `echo` acks
 * its payload. Prints `listening <url>` once it accepts connections.
 *
 *   node --import tsx test/conformance/toy-crash-server.ts [port]
 */
function serve(port: number): void {
  const http = createServer();
  const io = new Server(http);
  io.on("connection", (socket) => {
    socket.on("hello", (ack: (v: unknown) => void) => ack("hi"));
    socket.on("echo", (payload: unknown, ack: (v: unknown) => void) => ack(payload));
    socket.on("crash", () => {
      throw new TypeError("toy crash: cannot read the payload");
    });
  });
  http.listen(port, "127.0.0.1", () => {
    process.stdout.write(`listening http://127.0.0.1:${(http.address() as AddressInfo).port}\n`);
  });
}

/** The shell command that starts the server on `port`: what a `--restart` brings the target back with. */
export const crashServerCommand = (port: number | string) =>
  `${JSON.stringify(process.execPath)} --import ${TSX} ${JSON.stringify(SCRIPT)} ${port}`;

/** Starts the server in a child process on a free port; resolves once it listens. Kill `child` when done. */
export async function startCrashServer(): Promise<{ url: string; port: number; child: ChildProcess }> {
  const { url, child } = await startChildServer(process.execPath, ["--import", TSX, SCRIPT, "0"]);
  return { url, port: Number(new URL(url).port), child };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === SCRIPT) serve(Number(process.argv[2] ?? 0));
