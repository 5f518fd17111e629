import { io } from "socket.io-client";
import ioV2 from "socket.io-client-v2";
import type { DeliveredCommand } from "../../../protocols/command-network/index.js";
import { REPLY_TIMEOUT_MS } from "../../support/client.js";

/**
 * The JavaScript client command-network.md § Clients describes — `new Client({name, url, onConnected,
 * onDisconnected})`, `connect()`, `send(name, meta, target, mirror)`, `on(command, callback)`, `getId(appName)`,
 * `getClients()`, `getPastCommands()` — written from the document so its usage can run against the server, over a
 * Socket.IO 4 or 2.x connection. Every reply it awaits has a deadline.
 */
interface Wire {
  on(event: string, fn: (...args: unknown[]) => void): unknown;
  emit(event: string, ...args: unknown[]): unknown;
  close(): unknown;
}

type Reply = { success: boolean; error?: number; message?: string; [key: string]: unknown };

export class DocClient {
  readonly #commands = new Map<string, (meta: unknown) => void>();
  #socket: Wire | undefined;

  constructor(
    private readonly params: {
      name: string;
      url: string;
      onConnected?: () => void;
      onDisconnected?: () => void;
      generation?: 2 | 4;
    },
  ) {}

  /** Connects and registers; resolves with the register ack. */
  connect(): Promise<Reply> {
    const opts = { transports: ["websocket"], reconnection: false, forceNew: true };
    const socket: Wire = this.params.generation === 2 ? ioV2(this.params.url, opts) : io(this.params.url, opts);
    this.#socket = socket;
    socket.on("command", (data) => {
      const { command, meta } = data as DeliveredCommand;
      this.#commands.get(command)?.(meta);
    });
    socket.on("disconnect", () => this.params.onDisconnected?.());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.params.name} did not register`)), REPLY_TIMEOUT_MS);
      socket.on("connect", () => {
        socket.emit("register", { name: this.params.name }, (res: unknown) => {
          clearTimeout(timer);
          if ((res as Reply).success) this.params.onConnected?.();
          resolve(res as Reply);
        });
      });
    });
  }

  /** § Sending Commands: name, then the optional meta, target and mirror. */
  send(name: string, meta?: unknown, target: string | string[] | null = null, mirror = false): Promise<Reply> {
    return this.#call("command", { command: name, meta, target, mirror });
  }

  /** § Receiving Commands: the callback gets the meta of each command with that name. */
  on(command: string, callback: (meta: unknown) => void): void {
    this.#commands.set(command, callback);
  }

  getId(appName?: string): Promise<Reply> {
    return this.#call("get_id", { appName });
  }

  getClients(): Promise<Reply> {
    return this.#call("get_clients");
  }

  getPastCommands(): Promise<Reply> {
    return this.#call("get_past_commands");
  }

  /** § Theory 5, soft disconnect: close the connection; the registration is kept (DECISIONS.md D2). */
  disconnect(): void {
    this.#socket?.close();
  }

  #call(event: string, ...args: unknown[]): Promise<Reply> {
    const socket = this.#socket;
    if (socket === undefined) return Promise.reject(new Error("connect() first"));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ack for ${event}`)), REPLY_TIMEOUT_MS);
      socket.emit(event, ...args, (res: unknown) => {
        clearTimeout(timer);
        resolve(res as Reply);
      });
    });
  }
}
