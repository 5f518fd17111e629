import { randomBytes } from "node:crypto";
import type { ClientDisconnect, ClientInfo } from "../../protocols/command-network/index.js";
import type { NetworkSocket } from "./network.js";

/** One registered name. `socket` is absent while disconnected and for the simulated beacon. */
export interface Registration {
  readonly id: string;
  connected: boolean;
  /** ms since the epoch of the last successful register (DECISIONS.md D14). */
  lastConnected: number;
  socket: NetworkSocket | undefined;
  /** Seeded by the fixtures: never forgotten, so suites can rely on a known client however long the server runs. */
  pinned: boolean;
}

export type RegisterOutcome = "new" | "returning" | "in-use";

/** shortid-like: short, random, opaque (DECISIONS.md D13). */
const newId = () => randomBytes(6).toString("base64url");

/**
 * The registered names and which connection holds each. Names live in a Map, so any string (even `__proto__`) is
 * an ordinary key; the number of names is bounded (DECISIONS.md D12).
 */
export class ClientDirectory {
  readonly #byName = new Map<string, Registration>();
  readonly #nameBySocket = new Map<string, string>();

  constructor(private readonly maxRegistrations: number) {}

  /** Binds `name` to `socket` (`new` or `returning`), or `in-use` when another open connection holds it. */
  register(name: string, socket: NetworkSocket, now: number): RegisterOutcome {
    const known = this.#byName.get(name);
    if (known?.connected) return "in-use";
    const registration = known ?? this.#add(name, now);
    registration.connected = true;
    registration.lastConnected = now;
    registration.socket = socket;
    this.#nameBySocket.set(socket.id, name);
    return known === undefined ? "new" : "returning";
  }

  /** A name held by no socket and never disconnected: the beacon, or a known client from the fixtures. */
  seed(name: string, now: number, connected: boolean): void {
    const registration = this.#byName.get(name) ?? this.#add(name, now);
    registration.connected = connected;
    registration.pinned = true;
  }

  /** Marks the socket's name disconnected, keeping the registration (DECISIONS.md D2). */
  release(socket: NetworkSocket): ClientDisconnect | undefined {
    const name = this.#nameBySocket.get(socket.id);
    if (name === undefined) return undefined;
    this.#nameBySocket.delete(socket.id);
    const registration = this.#byName.get(name);
    if (registration === undefined || registration.socket !== socket) return undefined;
    registration.connected = false;
    registration.socket = undefined;
    return { name, id: registration.id };
  }

  nameOf(socket: NetworkSocket): string | undefined {
    return this.#nameBySocket.get(socket.id);
  }

  lookup(name: string): Registration | undefined {
    return this.#byName.get(name);
  }

  /** The `clients` object of get_clients; without a prototype, so a `__proto__` name is an own key like any other. */
  snapshot(): Record<string, ClientInfo> {
    const clients: Record<string, ClientInfo> = Object.create(null);
    for (const [name, r] of this.#byName) {
      clients[name] = { id: r.id, connected: r.connected, lastConnected: r.lastConnected };
    }
    return clients;
  }

  #add(name: string, now: number): Registration {
    if (this.#byName.size >= this.maxRegistrations) this.#forgetOldestDisconnected();
    const registration: Registration = {
      id: newId(),
      connected: false,
      lastConnected: now,
      socket: undefined,
      pinned: false,
    };
    this.#byName.set(name, registration);
    return registration;
  }

  #forgetOldestDisconnected(): void {
    let oldest: [string, Registration] | undefined;
    for (const entry of this.#byName) {
      if (
        !entry[1].connected &&
        !entry[1].pinned &&
        (oldest === undefined || entry[1].lastConnected < oldest[1].lastConnected)
      ) {
        oldest = entry;
      }
    }
    if (oldest !== undefined) this.#byName.delete(oldest[0]);
  }
}
