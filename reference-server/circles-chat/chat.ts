import type { Namespace, Socket } from "socket.io";
import type { z } from "zod";
import {
  CIRCLES_CHAT_ERRORS,
  type CirclesChatErrorCode,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SimpleSender,
  type SuccessPayload,
} from "../../protocols/circles-chat/index.js";
import type { ApiContext } from "../api-module.js";
import { ChatState, type Identity } from "./chat-state.js";
import type { CirclesChatFixtures } from "./fixtures.js";

export interface ChatSocketData {
  identity?: Identity;
  /** Set while a token is being verified, so a second `authenticate` cannot race the first. */
  authenticating?: boolean;
}
export type ChatNamespace = Namespace<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  ChatSocketData
>;
export type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, ChatSocketData>;

const identityKey = (who: Identity) => `${who.kind}:${who.id}`;

/** What every handler of the chat shares: the shell context, the data, the namespace and who is connected. */
export class Chat {
  readonly state: ChatState;
  readonly nsp: ChatNamespace;
  /** Identity → ids of its authenticated sockets, so forwards and kicks need not scan every socket. */
  private readonly online = new Map<string, Set<string>>();

  constructor(
    readonly ctx: ApiContext,
    readonly fixtures: CirclesChatFixtures,
  ) {
    this.state = new ChatState(fixtures, ctx.options.limits.backlogLines);
    // The shell's Server is untyped; the chat's one namespace is typed by the protocol's event maps.
    this.nsp = ctx.io.of("/") as unknown as ChatNamespace;
  }

  /** Registers a handler through the shell (instrumentation, delay knob, containment). */
  handle(socket: ChatSocket, event: keyof ClientToServerEvents | "disconnect", fn: (...args: unknown[]) => unknown) {
    this.ctx.on(socket as unknown as Socket, event, async (...args) => {
      await fn(...args);
    });
  }

  /**
   * Registers a handler for an authenticated client: an unauthenticated one gets "Not authenticated" (DECISIONS.md
   * D6), input failing `schema` gets "Invalid parameters"; `fn` sees only valid input.
   */
  authed<S extends z.ZodType>(
    socket: ChatSocket,
    event: keyof ClientToServerEvents,
    schema: S,
    fn: (who: Identity, input: z.output<S>) => unknown,
  ): void {
    this.handle(socket, event, (data) => {
      const who = socket.data.identity;
      if (!who) return this.fail(socket, "not_authenticated");
      const input = schema.safeParse(data);
      if (!input.success) return this.fail(socket, "invalid_parameters");
      return fn(who, input.data);
    });
  }

  fail(socket: ChatSocket, code: CirclesChatErrorCode): void {
    this.ctx.countError(code);
    socket.emit("error", CIRCLES_CHAT_ERRORS[code]);
  }

  ok(socket: ChatSocket, payload: SuccessPayload): void {
    socket.emit("success", payload);
  }

  signIn(socket: ChatSocket, who: Identity): void {
    socket.data.identity = who;
    const key = identityKey(who);
    const ids = this.online.get(key) ?? new Set<string>();
    ids.add(socket.id);
    this.online.set(key, ids);
  }

  signOut(socket: ChatSocket, who: Identity): void {
    const key = identityKey(who);
    const ids = this.online.get(key);
    ids?.delete(socket.id);
    if (ids?.size === 0) this.online.delete(key);
  }

  /** Ids of the authenticated sockets of a user or device. */
  socketsOf(who: Identity): string[] {
    return [...(this.online.get(identityKey(who)) ?? [])];
  }

  /** Ids of every authenticated socket. */
  everyone(): string[] {
    return [...this.online.values()].flatMap((ids) => [...ids]);
  }

  /** `socket.client.getSimpleContent()` (DECISIONS.md D7). */
  sender(who: Identity): SimpleSender {
    if (who.kind === "device") {
      const device = this.state.devices.get(who.id);
      return { id: who.id, name: device?.name ?? "", is_device: true };
    }
    const user = this.state.users.get(who.id);
    return {
      id: who.id,
      email: user?.email ?? "",
      first_name: user?.first_name ?? "",
      last_name: user?.last_name ?? "",
    };
  }

  /** Takes every socket of a client out of a room, when it leaves a circle or conversation for good. */
  evict(who: Identity, room: string): void {
    const ids = this.socketsOf(who);
    if (ids.length > 0) this.nsp.in(ids).socketsLeave(room);
  }
}
