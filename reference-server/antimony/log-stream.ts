import type { Namespace, Socket } from "socket.io";
import { formatLogLine, type LogsServerToClient, type NoEvents } from "../../protocols/antimony/index.js";
import { CappedLog } from "./capped-log.js";

/**
 * One log namespace's stream (`/logs/<labId>` or `/logs/<labId>/<node>`): numbers and stamps each line (D13),
 * keeps the capped backlog a new subscriber gets, and broadcasts to the namespace's subscribers.
 */
export class LogStream {
  private seq = 0;
  private readonly backlog: CappedLog;
  /** The concrete (child) namespace; Socket.IO drops it when its last socket leaves and makes a new one on return. */
  private nsp: Namespace<NoEvents, LogsServerToClient> | undefined;

  constructor(
    backlogLines: number,
    private readonly lineBytes: number,
  ) {
    this.backlog = new CappedLog(backlogLines);
  }

  /** A new subscriber: it gets the backlog (unless a fault suppresses it), then every later line. */
  subscribe(socket: Socket<NoEvents, LogsServerToClient>, sendBacklog: boolean): void {
    this.nsp = socket.nsp;
    if (sendBacklog) socket.emit("backlog", this.backlog.snapshot());
  }

  write(text: string): void {
    const line = formatLogLine({ seq: ++this.seq, sentAtMs: Date.now(), text: text.padEnd(this.lineBytes, ".") });
    this.backlog.push(line);
    this.nsp?.emit("data", line);
  }

  disconnectSubscribers(): void {
    this.nsp?.disconnectSockets();
  }
}
