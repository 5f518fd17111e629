/**
 * Socket.IO v4 (Engine.IO 4, socket.io-parser 5) framing over any WebSocket-like object, text packets only.
 * It imports neither k6 nor Node, so the same file drives k6 VUs (k6/websockets) and the Node tests (`ws`).
 * Protocol references: https://socket.io/docs/v4/engine-io-protocol/ and https://socket.io/docs/v4/socket-io-protocol/
 */

/** The minimum of a browser/k6/`ws` WebSocket this module needs; each runtime adapts its own in a few lines. */
export interface WebSocketLike {
  send(data: string): void;
  close(): void;
}

/**
 * What a runtime's WebSocket reports to the connection; the adapter calls these. No `open`: the session starts with
 * the Engine.IO open packet, not with the WebSocket's open event. A failed or reset socket must report `close`.
 */
export interface WebSocketEvents {
  message(data: unknown): void;
  close(): void;
}

/** Opens a WebSocket to `url` and wires its events to `events`. */
export type OpenWebSocket = (url: string, events: WebSocketEvents) => WebSocketLike;

/** Timers are injected: k6 has them in `k6/timers`, Node on globalThis. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Engine.IO open packet payload (engine-io-protocol § Handshake). */
export interface Handshake {
  sid: string;
  pingInterval: number;
  pingTimeout: number;
  maxPayload?: number;
}

/** socket.io-protocol § Packet types. 5 and 6 (binary) are refused: the workloads are binary-free. */
export const PacketType = { connect: 0, disconnect: 1, event: 2, ack: 3, connectError: 4 } as const;
export type PacketType = (typeof PacketType)[keyof typeof PacketType];

export interface Packet {
  type: PacketType;
  nsp: string;
  id?: number;
  data?: unknown;
}

/** Why a frame could not be used; errors are values, never throws. */
export const FramingError = {
  binary: "binary_not_supported",
  badJson: "bad_json",
  unknownEnginePacket: "unknown_engine_packet",
  unknownPacketType: "unknown_packet_type",
  notText: "not_text",
} as const;
export type FramingError = (typeof FramingError)[keyof typeof FramingError];

export type Frame =
  | { kind: "open"; handshake: Handshake }
  | { kind: "ping" }
  | { kind: "close" }
  | { kind: "noop" }
  | { kind: "packet"; packet: Packet }
  | { kind: "error"; error: FramingError; frame: string };

/** The Engine.IO message frame ("4") carrying one Socket.IO packet. */
export function encodePacket(packet: Packet): string {
  const nsp = packet.nsp === "/" ? "" : `${packet.nsp},`;
  const id = packet.id === undefined ? "" : String(packet.id);
  const data = packet.data === undefined ? "" : JSON.stringify(packet.data);
  return `4${packet.type}${nsp}${id}${data}`;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function decodePacket(text: string, frame: string): Frame {
  const type = Number(text[0]);
  if (type === 5 || type === 6) return { kind: "error", error: FramingError.binary, frame };
  if (!(type >= 0 && type <= 4)) return { kind: "error", error: FramingError.unknownPacketType, frame };
  let i = 1;
  let nsp = "/";
  if (text[i] === "/") {
    const comma = text.indexOf(",", i);
    const end = comma === -1 ? text.length : comma;
    nsp = text.slice(i, end);
    i = end + 1;
  }
  let digits = "";
  while (i < text.length && text[i] >= "0" && text[i] <= "9") digits += text[i++];
  const packet: Packet = { type: type as PacketType, nsp };
  if (digits !== "") packet.id = Number(digits);
  if (i < text.length) {
    const json = parseJson(text.slice(i));
    if (!json.ok) return { kind: "error", error: FramingError.badJson, frame };
    packet.data = json.value;
  }
  return { kind: "packet", packet };
}

/** Decodes one WebSocket text frame (Engine.IO 4 sends one packet per frame over WebSocket). */
export function decodeFrame(data: unknown): Frame {
  if (typeof data !== "string") return { kind: "error", error: FramingError.notText, frame: String(data) };
  switch (data[0]) {
    case "0": {
      const json = parseJson(data.slice(1));
      return json.ok
        ? { kind: "open", handshake: json.value as Handshake }
        : { kind: "error", error: "bad_json", frame: data };
    }
    case "1":
      return { kind: "close" };
    case "2":
      return { kind: "ping" };
    case "6":
      return { kind: "noop" };
    case "4":
      return decodePacket(data.slice(1), data);
    default:
      return { kind: "error", error: FramingError.unknownEnginePacket, frame: data };
  }
}

/** `http://host:port` (or ws://) to the Engine.IO 4 WebSocket URL at the default `/socket.io/` path. */
export function socketIoUrl(base: string, path = "/socket.io/", query: Record<string, string> = {}): string {
  const origin = base.replace(/^http/, "ws").replace(/\/+$/, "");
  const params = Object.entries({ ...query, EIO: "4", transport: "websocket" })
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join("&");
  return `${origin}${path}?${params}`;
}

export type AckOutcome = { ok: true; args: unknown[] } | { ok: false; reason: "timeout" | "disconnected" };
type Handler = (...args: unknown[]) => void;

/**
 * One Socket.IO namespace multiplexed on a connection. Reserved events, as in socket.io-client: `connect`,
 * `connect_error` (the server's `{message, data}`), `disconnect` (a reason string).
 */
export class Namespace {
  sid: string | undefined;
  private readonly handlers = new Map<string, Handler[]>();
  private readonly pendingAcks = new Map<number, { done: (o: AckOutcome) => void; timer: unknown }>();
  private nextAckId = 0;
  /** True from connect() until the client or the server ends it; a reconnect re-joins such namespaces. */
  wanted = false;

  constructor(
    private readonly conn: Connection,
    readonly name: string,
    readonly auth: Record<string, unknown> | undefined,
  ) {}

  get connected(): boolean {
    return this.sid !== undefined;
  }

  on(event: string, fn: Handler): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), fn]);
    return this;
  }

  /** Sends the event; false (nothing sent) when the namespace is not connected — socket.io-client would buffer. */
  emit(event: string, ...args: unknown[]): boolean {
    return this.send({ type: PacketType.event, nsp: this.name, data: [event, ...args] });
  }

  /** Sends the event with an ack id; `done` gets the ack's arguments, or why none came. Called exactly once. */
  emitWithAck(event: string, args: unknown[], timeoutMs: number, done: (outcome: AckOutcome) => void): void {
    const id = this.nextAckId++;
    if (!this.send({ type: PacketType.event, nsp: this.name, id, data: [event, ...args] })) {
      done({ ok: false, reason: "disconnected" });
      return;
    }
    const timer = this.conn.timers.setTimeout(() => this.settle(id, { ok: false, reason: "timeout" }), timeoutMs);
    this.pendingAcks.set(id, { done, timer });
  }

  disconnect(): void {
    this.wanted = false;
    if (this.connected) this.send({ type: PacketType.disconnect, nsp: this.name });
    this.lost("io client disconnect");
  }

  /** @internal Called by the connection for each packet of this namespace. */
  receive(packet: Packet): void {
    switch (packet.type) {
      case PacketType.connect:
        this.sid = (packet.data as { sid?: string } | undefined)?.sid ?? "";
        this.fire("connect");
        break;
      case PacketType.connectError:
        this.wanted = false;
        this.fire("connect_error", packet.data);
        break;
      case PacketType.disconnect:
        this.wanted = false;
        this.lost("io server disconnect");
        break;
      case PacketType.event: {
        const [event, ...args] = Array.isArray(packet.data) ? packet.data : [];
        if (typeof event !== "string") return;
        const id = packet.id;
        if (id !== undefined) {
          args.push((...reply: unknown[]) => this.send({ type: PacketType.ack, nsp: this.name, id, data: reply }));
        }
        this.fire(event, ...args);
        break;
      }
      case PacketType.ack:
        if (packet.id !== undefined) {
          this.settle(packet.id, { ok: true, args: Array.isArray(packet.data) ? packet.data : [] });
        }
        break;
    }
  }

  /** @internal The namespace is no longer connected: pending acks fail, `disconnect` fires once. */
  lost(reason: string): void {
    for (const id of [...this.pendingAcks.keys()]) this.settle(id, { ok: false, reason: "disconnected" });
    if (this.sid === undefined) return;
    this.sid = undefined;
    this.fire("disconnect", reason);
  }

  /** @internal Sends the CONNECT packet with the auth payload (socket.io-protocol § Connection to a namespace). */
  join(): void {
    this.wanted = true;
    this.conn.sendPacket({ type: PacketType.connect, nsp: this.name, data: this.auth });
  }

  private send(packet: Packet): boolean {
    return this.connected && this.conn.sendPacket(packet);
  }

  private settle(id: number, outcome: AckOutcome): void {
    const pending = this.pendingAcks.get(id);
    if (pending === undefined) return;
    this.pendingAcks.delete(id);
    this.conn.timers.clearTimeout(pending.timer);
    pending.done(outcome);
  }

  private fire(event: string, ...args: unknown[]): void {
    for (const fn of this.handlers.get(event) ?? []) fn(...args);
  }
}

export interface ConnectionOptions {
  /** Base URL of the server, `http://127.0.0.1:3000`. */
  url: string;
  path?: string;
  query?: Record<string, string>;
  openWebSocket: OpenWebSocket;
  timers: Timers;
  /** Reconnect after a transport loss (not after close() or a server disconnect), as socket.io-client's Manager. */
  reconnect?: { attempts: number; delayMs: number };
}

/**
 * One Engine.IO session and the namespaces multiplexed on it. Events: `open` (handshake), `ping`, `close` (reason),
 * `reconnect` (attempt), `reconnect_failed`, `error` (a FramingError and the frame).
 */
export class Connection {
  handshake: Handshake | undefined;
  readonly timers: Timers;
  private socket: WebSocketLike | undefined;
  private readonly namespaces = new Map<string, Namespace>();
  private readonly handlers = new Map<string, Handler[]>();
  private pingTimer: unknown;
  private closedByClient = false;
  private attempt = 0;
  /** Events of a WebSocket this connection has already given up on (a late close after a reconnect) are ignored. */
  private generation = 0;

  constructor(private readonly options: ConnectionOptions) {
    this.timers = options.timers;
    this.open();
  }

  on(event: string, fn: Handler): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), fn]);
    return this;
  }

  /** The namespace `name`, connecting with `auth` as soon as the Engine.IO handshake is done. */
  connect(name: string, auth?: Record<string, unknown>): Namespace {
    const ns = new Namespace(this, name, auth);
    this.namespaces.set(name, ns);
    ns.wanted = true;
    if (this.handshake !== undefined) ns.join();
    return ns;
  }

  close(): void {
    this.closedByClient = true;
    for (const ns of this.namespaces.values()) if (ns.connected) ns.disconnect();
    this.shutdown("io client disconnect");
  }

  /** @internal */
  sendPacket(packet: Packet): boolean {
    if (this.socket === undefined || this.handshake === undefined) return false;
    this.socket.send(encodePacket(packet));
    return true;
  }

  private open(): void {
    const url = socketIoUrl(this.options.url, this.options.path, this.options.query);
    const generation = ++this.generation;
    const current = () => generation === this.generation;
    this.socket = this.options.openWebSocket(url, {
      message: (data) => {
        if (current()) this.onFrame(decodeFrame(data));
      },
      close: () => {
        if (current()) this.onTransportClose("transport close");
      },
    });
  }

  private onFrame(frame: Frame): void {
    switch (frame.kind) {
      case "open":
        this.handshake = frame.handshake;
        this.watchPing();
        if (this.attempt > 0) this.fire("reconnect", this.attempt);
        this.attempt = 0;
        this.fire("open", frame.handshake);
        for (const ns of this.namespaces.values()) if (ns.wanted) ns.join();
        break;
      case "ping":
        // EIO4: the server pings, the client answers at once (engine-io-protocol § Heartbeat).
        this.socket?.send("3");
        this.watchPing();
        this.fire("ping");
        break;
      case "close":
        this.onTransportClose("transport close");
        break;
      case "packet":
        this.namespaces.get(frame.packet.nsp)?.receive(frame.packet);
        break;
      case "error":
        this.fire("error", frame.error, frame.frame);
        break;
      case "noop":
        break;
    }
  }

  /** A server that stops pinging for pingInterval + pingTimeout is gone, as socket.io-client decides. */
  private watchPing(): void {
    const hs = this.handshake;
    if (hs === undefined) return;
    this.timers.clearTimeout(this.pingTimer);
    this.pingTimer = this.timers.setTimeout(() => {
      this.socket?.close();
      this.onTransportClose("ping timeout");
    }, hs.pingInterval + hs.pingTimeout);
  }

  private onTransportClose(reason: string): void {
    if (this.socket === undefined) return;
    this.shutdown(reason);
    const policy = this.options.reconnect;
    if (this.closedByClient || policy === undefined) return;
    if (this.attempt >= policy.attempts) {
      this.fire("reconnect_failed");
      return;
    }
    this.attempt++;
    this.timers.setTimeout(() => {
      if (!this.closedByClient) this.open();
    }, policy.delayMs);
  }

  private shutdown(reason: string): void {
    const socket = this.socket;
    this.socket = undefined;
    this.generation++;
    this.handshake = undefined;
    this.timers.clearTimeout(this.pingTimer);
    for (const ns of this.namespaces.values()) ns.lost(reason);
    socket?.close();
    this.fire("close", reason);
  }

  private fire(event: string, ...args: unknown[]): void {
    for (const fn of this.handlers.get(event) ?? []) fn(...args);
  }
}
