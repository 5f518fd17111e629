import { hostname } from "node:os";
import type { Server, Socket } from "socket.io";
import { LOG_LEVELS, LOG_REPLAY_ENTRIES, type LogEntry, type LogLevelName } from "../../protocols/nestmtx/index.js";
import { AUTHENTICATED_ROOM } from "./topics.js";

const SIMULATED_LEVELS: readonly LogLevelName[] = ["trace", "debug", "info", "info", "info", "warn", "error"];
/** Simulated lines are sent in batches at most this often, so high rates do not mean a timer per line. */
const MIN_TICK_MS = 20;

/**
 * The `log` stream (nestmtx.md § Streaming Logs): a capped backlog, the last 100 entries replayed to each
 * authenticated socket on connect (REAL-SERVERS.md), new entries broadcast to all authenticated sockets.
 */
export class LogStream {
  readonly #backlog: LogEntry[] = [];
  readonly #host = hostname();
  #timer: NodeJS.Timeout | undefined;
  #sequence = 0;

  constructor(
    readonly io: Server,
    readonly maxEntries: number,
  ) {}

  append(level: LogLevelName, msg: string, service = "nestmtx"): LogEntry {
    const time = Date.now();
    const entry: LogEntry = {
      hostname: this.#host,
      level: LOG_LEVELS[level],
      msg,
      pid: process.pid,
      service,
      time,
      timestamp: new Date(time).toISOString(),
    };
    this.#backlog.push(entry);
    if (this.#backlog.length > this.maxEntries) this.#backlog.shift();
    this.io.to(AUTHENTICATED_ROOM).emit("log", entry);
    return entry;
  }

  replay(socket: Socket): void {
    for (const entry of this.#backlog.slice(-LOG_REPLAY_ENTRIES)) socket.emit("log", entry);
  }

  /** Emits `linesPerSecond` lines of `lineBytes` characters until `stop()`; 0 emits none. */
  simulate(linesPerSecond: number, lineBytes: number): void {
    if (linesPerSecond <= 0) return;
    const tickMs = Math.max(MIN_TICK_MS, 1000 / linesPerSecond);
    let owed = 0;
    this.#timer = setInterval(() => {
      owed += (linesPerSecond * tickMs) / 1000;
      for (; owed >= 1; owed--) {
        const n = this.#sequence++;
        const level = SIMULATED_LEVELS[n % SIMULATED_LEVELS.length] ?? "info";
        this.append(level, `simulated line ${n} `.padEnd(lineBytes, "."), "simulator");
      }
    }, tickMs);
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
